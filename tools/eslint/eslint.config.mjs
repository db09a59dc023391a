// Code review's ESLint rules (nodes/code_review/eslint.py): bugs, not style. Of all of
// ESLint's and eslint-plugin-security's rules, those that fired on the fit half of the
// blind code sets were kept where they hit a bug's line and no clean snippet (a shell
// command, an unsafe regex, a closure over a loop's var, an empty catch, await in a loop);
// the rest below are rules for code that cannot be right (NaN compares, typeof typos,
// eval) and fired on no clean snippet. Severities and fixes are in
// prompts/data/code_rules.json. Snippets are fragments: undefined and unused names are
// not findings.
import tseslint from "typescript-eslint";
import security from "eslint-plugin-security";

export default [
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: "latest",
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    linterOptions: { reportUnusedDisableDirectives: "off" },
    plugins: { security },
    rules: {
      "no-loop-func": "error",
      "no-empty": ["error", { allowEmptyCatch: false }],
      "no-await-in-loop": "error",
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "no-self-compare": "error",
      "no-unsafe-finally": "error",
      "no-unsafe-negation": "error",
      "no-unsafe-optional-chaining": "error",
      "use-isnan": "error",
      "valid-typeof": "error",
      "no-compare-neg-zero": "error",
      "no-async-promise-executor": "error",
      "security/detect-child-process": "error",
      "security/detect-unsafe-regex": "error",
      "security/detect-eval-with-expression": "error",
      "security/detect-pseudoRandomBytes": "error",
      "security/detect-new-buffer": "error",
      "security/detect-buffer-noassert": "error",
      "security/detect-disable-mustache-escape": "error",
      "security/detect-no-csrf-before-method-override": "error",
      "security/detect-bidi-characters": "error",
    },
  },
];
