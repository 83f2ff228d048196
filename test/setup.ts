// Importing nock activates it: it patches http and fetch before any test builds an OpenAI client
// (which captures `fetch` when constructed). Net connect stays enabled: tests talk to 127.0.0.1.
import 'nock';
