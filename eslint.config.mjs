import nx from "@nx/eslint-plugin";

/** Workspace-wide rules; each project's eslint.config.mjs extends this one. */
export default [
  ...nx.configs["flat/base"],
  ...nx.configs["flat/typescript"],
  ...nx.configs["flat/javascript"],
  {
    ignores: ["**/dist", "**/out-tsc", "**/.next", "**/.next-*", "**/next-env.d.ts", "**/node_modules", ".data", ".nx"],
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      // Apps are thin shells over libs: apps never import each other; libs never import apps;
      // each app reaches only shared libs and its own scope.
      "@nx/enforce-module-boundaries": [
        "error",
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            { sourceTag: "type:app", onlyDependOnLibsWithTags: ["type:lib"] },
            { sourceTag: "type:lib", onlyDependOnLibsWithTags: ["type:lib"] },
            { sourceTag: "type:tool", onlyDependOnLibsWithTags: ["type:lib"] },
            // Browser tests drive the apps over HTTP; they may use libraries (outbox, database) only.
            { sourceTag: "type:e2e", onlyDependOnLibsWithTags: ["type:lib"] },
            { sourceTag: "scope:shared", onlyDependOnLibsWithTags: ["scope:shared"] },
            { sourceTag: "scope:web", onlyDependOnLibsWithTags: ["scope:web", "scope:shared"] },
            { sourceTag: "scope:admin", onlyDependOnLibsWithTags: ["scope:admin", "scope:shared"] },
            { sourceTag: "scope:worker", onlyDependOnLibsWithTags: ["scope:worker", "scope:shared"] },
          ],
        },
      ],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      // `() => {}` is the honest way to say "ignore this callback" (notices, optional cleanup).
      "@typescript-eslint/no-empty-function": "off",
    },
  },
  {
    // Tests may assert presence with `!` after an explicit expectation.
    files: ["**/*.test.ts", "**/*.test.tsx"],
    rules: { "@typescript-eslint/no-non-null-assertion": "off" },
  },
];
