// Property tests run with a fixed seed so the default test run can never flake;
// set FC_SEED to explore other seeds locally (a failure prints its seed and path).
import fc from "fast-check";

const seed = process.env["FC_SEED"] ? Number(process.env["FC_SEED"]) : 20261124;
fc.configureGlobal({ seed });
