// The embedded index's analysis thread: analyses documents (as JSON) while the index's own thread writes the
// ones analysed before. Started by AnalysisWorker in analysis-thread.ts.
import { parentPort } from 'node:worker_threads';
import type { CaseStudySearchDocument } from '../../case-study-search.port';
import { DocumentAnalyser } from './document-analysis';
import type { AnalysisRequest, AnalysisResponse } from './analysis-thread';

const analyser = new DocumentAnalyser();

parentPort!.on('message', ({ id, documents, forget }: AnalysisRequest) => {
  if (forget) analyser.forget();
  let response: AnalysisResponse;
  try {
    const results = documents.map((json) => {
      const { columns, words } = analyser.analyse(JSON.parse(json) as CaseStudySearchDocument);
      // Terms of words not reported before: the index checks them against its lexicon. A word reported once is
      // not again, until the index says to forget (its batch failed, or terms left the lexicon).
      const terms: string[] = [];
      for (const word of words) {
        if (word.inLexicon) continue;
        word.inLexicon = true;
        terms.push(word.folded, ...word.stems);
      }
      return { columns, terms };
    });
    response = { id, results };
  } catch (error) {
    response = { id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(response);
});
