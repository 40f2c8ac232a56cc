// Server-side SVG documents of the charts (react-dom/server), for the CLI and downloads.
export { renderLossSvg, renderLossDeltaSvg, type SvgOptions, type LossSvgOptions, type LossDeltaSvgOptions } from './svg/render';
export { renderBandSvg } from './svg/band';
