// d3 (under Nivo) ships ES modules as .mjs, which the shared preset's transform does not cover.
const preset = require('../../jest.preset.js');

const base = preset({ displayName: 'plotting', rootDir: __dirname });
const [, swc] = Object.entries(base.transform)[0];

module.exports = {
  ...base,
  transform: { ...base.transform, '^.+\\.mjs$': swc },
};
