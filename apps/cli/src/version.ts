// The CLI's version (`lrfinder --version`): the package's, bundled from package.json.
import pkg from '../package.json';

export const VERSION: string = pkg.version;
