// secretlint config using the Latchkey rule. A .cjs file rather than .secretlintrc.json:
// secretlint (v11) resolves a rule id with require.resolve from its own install directory,
// so a relative path in JSON ("./security/...") fails to load; __dirname makes it absolute
// and the config works from any working directory.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS file, see above
const path = require("node:path");

module.exports = {
  rules: [{ id: path.join(__dirname, "secretlint-rule-latchkey.cjs") }],
};
