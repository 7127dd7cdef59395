export default [
  {
    files: ["**/*.js", "**/*.mjs"],
    rules: {
      "no-unused-vars": "error",
      "no-undef": "off",
      "eqeqeq": "error",
      "prefer-const": "error",
    },
  },
];
