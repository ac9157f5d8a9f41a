// The import direction of ARCHITECTURE.md: an arrow means "may import"; nothing imports upward.
// core <- twin <- scenario <- {diagnostics, hub, integrations} <- server <- cli; web/ -> src/ types only
const layer = (name) => `^src/${name}/`;
module.exports = {
  forbidden: [
    {
      name: "core-is-pure",
      comment: "core/ imports nothing outside core/ (no npm packages, no Node built-ins).",
      severity: "error",
      from: { path: layer("core") },
      to: { pathNot: layer("core") },
    },
    {
      name: "twin-only-core",
      severity: "error",
      from: { path: layer("twin") },
      to: { path: "^src/(scenario|diagnostics|hub|integrations|server|cli|web)/" },
    },
    {
      name: "scenario-below-apps",
      severity: "error",
      from: { path: layer("scenario") },
      to: { path: "^src/(diagnostics|hub|integrations|server|cli|web)/" },
    },
    {
      name: "middle-layers-below-server",
      severity: "error",
      from: { path: "^src/(diagnostics|hub|integrations)/" },
      to: { path: "^src/(server|cli|web)/" },
    },
    {
      name: "siblings-do-not-reach-into-each-other",
      severity: "error",
      from: { path: "^src/(diagnostics|hub|integrations)/" },
      to: { path: "^src/(diagnostics|hub|integrations)/", pathNot: "^src/$1/" },
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
