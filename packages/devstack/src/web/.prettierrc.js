// The web view's pages are html`` templates in which whitespace is content (<pre>, pre-wrap
// texts), so Prettier must not reformat the markup inside them; everything else as the repo.
module.exports = {
  ...require('@backstage/cli/config/prettier'),
  embeddedLanguageFormatting: 'off',
};
