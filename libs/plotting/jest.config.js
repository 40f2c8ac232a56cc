module.exports = require('../../jest.preset.js')({ displayName: 'plotting', rootDir: __dirname });
