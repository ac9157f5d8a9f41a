// The import direction of ../shared/ARCHITECTURE.md (v2): an arrow means "may import"; nothing
// imports upward.
//   core <- twin <- scenario <- host <- hub <- integrations <- server <- cli
//                      ^------- diagnostics <-------------------'
// integrations/ reach hub/ and host/ only through their public faces (index.ts);
// web/ takes only types from src/.
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: "core-is-pure",
      comment:
        "core/ imports nothing outside core/ but pure, audited libraries that use no host API, by name (ARCHITECTURE.md v2).",
      severity: "error",
      from: { path: layer("core") },
      to: { pathNot: [layer("core"), "(^|/)node_modules/@noble/(hashes|curves)/"] },
    },
    {
      name: "twin-only-core",
      severity: "error",
      from: { path: layer("twin") },
      to: { path: "^src/(scenario|host|diagnostics|hub|integrations|server|cli|web)/" },
    },
    {
      name: "scenario-below-host",
      severity: "error",
      from: { path: layer("scenario") },
      to: { path: "^src/(host|diagnostics|hub|integrations|server|cli|web)/" },
    },
    {
      name: "host-below-hub",
      comment: "host/ runs locks and their links; it knows nothing of people, HTTP or protocols above it.",
      severity: "error",
      from: { path: layer("host") },
      to: { path: "^src/(diagnostics|hub|integrations|server|cli|web)/" },
    },
    {
      name: "hub-below-integrations",
      severity: "error",
      from: { path: layer("hub") },
      to: { path: "^src/(diagnostics|integrations|server|cli|web)/" },
    },
    {
      name: "diagnostics-beside-host",
      severity: "error",
      from: { path: layer("diagnostics") },
      to: { path: "^src/(hub|integrations|server|cli|web)/" },
    },
    {
      name: "world-is-independent",
      comment:
        "The troubleshooter's cases and simulated person (diagnostics/world/) import nothing of what they grade: not the knowledge base, the engine or the evaluation (issue 15).",
      severity: "error",
      from: { path: "^src/diagnostics/world/" },
      to: { path: "^src/diagnostics/(knowledge|engine|eval)/|^src/diagnostics/index\\.ts$" },
    },
    {
      name: "integrations-use-public-faces",
      comment: "integrations/ may import hub/index.ts and host/index.ts, nothing else of theirs.",
      severity: "error",
      from: { path: layer("integrations") },
      to: {
        path: "^src/(hub|host)/",
        pathNot: "^src/(hub|host)/index\\.ts$",
      },
    },
    {
      name: "integrations-below-server",
      severity: "error",
      from: { path: layer("integrations") },
      to: { path: "^src/(diagnostics|server|cli|web)/" },
    },
    {
      name: "server-below-cli",
      severity: "error",
      from: { path: "^src/server/" },
      to: { path: "^src/cli/" },
    },
    {
      name: "web-takes-only-types-from-src",
      comment:
        "The browser app talks to the server over HTTP + WebSocket: from src/ it imports types, never code.",
      severity: "error",
      from: { path: "^web/" },
      to: { path: "^src/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "src-does-not-import-web",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^web/" },
    },
    { name: "no-circular", severity: "error", from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
