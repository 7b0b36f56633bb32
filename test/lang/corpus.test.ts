// The public PyTorch corpus, copied from shared/corpus.
import { corpusSuite } from './corpus_suite';

corpusSuite('corpus');
