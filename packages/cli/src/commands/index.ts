import type { Command } from '../command.js';
import { catalogElevationCommand, catalogFeaturesCommand, catalogLayersCommand, catalogSearchCommand, geocodeCommand } from './catalog.js';
import { h3Command, simplifyCommand, zonalCommand } from './aggregate.js';
import { exposureCommand } from './exposure.js';
import { demoCommand } from './demo.js';
import { floodCommand } from './flood.js';
import { fillCommand, flowCommand } from './hydrology.js';
import { infoCommand } from './info.js';
import { reprojectCommand } from './reproject.js';
import { shorelineCommand } from './shoreline.js';
import { sweepFloodCommand } from './sweep.js';
import { warpCommand } from './warp.js';

/** Every `jumeau` command, in the order `jumeau --help` lists them. */
export const commands: readonly Command[] = [
  demoCommand,
  infoCommand,
  reprojectCommand,
  warpCommand,
  zonalCommand,
  h3Command,
  simplifyCommand,
  floodCommand,
  exposureCommand,
  sweepFloodCommand,
  fillCommand,
  flowCommand,
  shorelineCommand,
  catalogSearchCommand,
  catalogLayersCommand,
  catalogFeaturesCommand,
  catalogElevationCommand,
  geocodeCommand,
];
