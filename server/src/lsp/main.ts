// The language server as a program (the bundle's entry, dist/server.js): starts it.
import { start } from './server';

start();
