// The project's own corpus (tools/gen_corpus_own.py, outputs from real PyTorch 2.13).
import { corpusSuite } from './corpus_suite';

corpusSuite('corpus_own');
