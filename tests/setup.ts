/** Jest setup: the cdktf matchers (toHaveResource, toBeValidTerraform, ...) and quiet terraform. */
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

Testing.setupJest();
process.env.CHECKPOINT_DISABLE = "1";
