#!/usr/bin/env bun
import { runMain } from 'citty'
import { cli } from './cli/index.ts'

runMain(cli)
