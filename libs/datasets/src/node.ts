// @lrfinder/datasets/node: everything of the main entry plus the file readers (IDX, MNIST,
// Fashion-MNIST, CSV streaming, NPY) and the CLI's spec parser `openDataSource`.
export * from './index';
export { readDataFile } from './node/read-file';
export { loadMnist, loadFashionMnist, mnistDataDir, FASHION_MNIST_DIR, type MnistOptions } from './node/mnist';
export { loadIdx, findIdxFiles, type IdxFiles, type LoadIdxOptions } from './node/idx-files';
export { loadNpy, type LoadNpyOptions } from './node/npy-files';
export { loadCsv, type CsvSource, type LoadCsvOptions } from './node/csv-source';
export { scanCsv, isValRow, type CsvLayout } from './node/csv-scan';
export { csvRows, type CsvRow } from './node/csv-rows';
export { openDataSource, DATA_SPECS, type OpenDataSourceOptions } from './node/open';
