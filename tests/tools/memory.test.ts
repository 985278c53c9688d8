/** collectGarbage (tools/memory.ts) really collects: an object nothing refers to is gone after it. */
import { collectGarbage } from "../../tools/memory";

/** The end of the current job: a WeakRef's target is kept until then once it was created or read. */
const nextJob = () => new Promise((done) => setImmediate(done));

test("what nothing refers to any more is collected", async () => {
  // 8 MB that only the WeakRef refers to.
  const ref = new WeakRef(new Array<number>(1_000_000).fill(1));
  await nextJob();
  expect(ref.deref()).toBeDefined(); // nothing has collected it on its own
  await nextJob();
  collectGarbage();
  expect(ref.deref()).toBeUndefined();
});
