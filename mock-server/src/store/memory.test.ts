import { repositoryContract } from './contract.js';
import { MemoryEngine } from './memory/engine.js';

repositoryContract('memory', () => MemoryEngine.create());
