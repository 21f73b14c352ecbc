import test from 'ava';
import { storageContract } from '../helpers/storage-contract.js';

storageContract(test, {
  name: 'memory://',
  credentials: false,
  remote: false,
  setup: () => ({ base: 'memory://contract/', options: {} }),
});
