// d3 (under Nivo, used by the SVG plots) ships ES modules as .mjs, which the shared preset's
// transform does not cover: transform them as plotting does.
const preset = require('../../jest.preset.js');

const base = preset({ displayName: 'cli', rootDir: __dirname });
const [, swc] = Object.entries(base.transform)[0];

module.exports = {
  ...base,
  transform: { ...base.transform, '^.+\\.mjs$': swc },
};
