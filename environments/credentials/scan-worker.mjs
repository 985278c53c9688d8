/**
 * The worker thread behind the synchronous form of environments/credentials/credential-scan.ts: `synckit` calls
 * it and blocks until it answers. The scan itself is scan-core.mjs.
 */
import { runAsWorker } from "synckit";
import { scanTexts } from "./scan-core.mjs";

runAsWorker(scanTexts);
