/** De-identified data for evaluators: studies, the export builder, and downloads with their history. */
export { buildEvaluationExport, type EvaluationExport, type ExportCounts } from './export';
export { downloadEvaluationExport, downloadHistory, type DownloadView } from './downloads';
export { createStudy, studiesOf, type StudyView } from './studies';
export { dataDictionary, exportRules, type DictionaryColumn } from './dictionary';
