#!/usr/bin/env -S node --
// (`node --` keeps Node 20 from taking our --env-file flag as its own option.)
// The flotilla command started as a plain module. dist/cli/flotilla starts
// the same program from a start-up snapshot instead when it can (cli/snapshot.ts).
import { buildProgram, endProcess, runProgram } from './program/index.js';

await runProgram(buildProgram(), process.argv);
endProcess();
