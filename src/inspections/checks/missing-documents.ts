import { requiredDocuments } from '../../rules/guards';
import { type AutomaticCheck, nameOf, suggestion, type Suggestion } from './model';

/**
 * A completed action without every document its type needs (rules/guards.ts requiredDocuments):
 * e.g. a reallocation without hand-over minutes, a sale without its auction result.
 */
export const missingDocuments: AutomaticCheck = {
  id: 'missing-documents',
  title: 'Completed action without the documents its type requires',
  run: (f) => {
    const out: Suggestion[] = [];
    for (const a of f.actions) {
      if (a.status !== 'completed') continue;
      const absent = requiredDocuments(a.type, a.method).filter((k) => !a.documentKinds.includes(k));
      if (absent.length === 0) continue;
      out.push(
        suggestion('missing-documents', a, {
          category: 'missing_document',
          severity: 'major',
          description: `The completed ${nameOf(a)} lacks: ${absent.join(', ')}`,
          recommendation: `Attach ${absent.join(', ')} to the action, or explain their absence`,
        }),
      );
    }
    return out;
  },
};
