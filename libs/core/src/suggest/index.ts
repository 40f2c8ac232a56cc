export { steepest } from './steepest';
export { minimum, type MinimumOptions } from './minimum';
export { valley } from './valley';
export { slide, unitGradient, type SlideOptions } from './slide';
export { smaDelta, type SmaDeltaOptions } from './sma-delta';
export { suggest, finitePrefix, RECOMMENDED_METHOD, type SuggestOptions } from './suggest';
export { checkSuggestOptions } from './options';
