import { createLambertAzimuthalEqualArea } from './lambert-azimuthal-equal-area.js';
import { createLambertConformalConic } from './lambert-conformal-conic.js';
import type { ProjectionDefinition } from './projection-definition.js';
import { wrapDegrees, type ProjectionKernel } from './projection-kernel.js';
import { createTransverseMercator } from './transverse-mercator.js';
import { createWebMercator } from './web-mercator.js';

/** Geographic CRSs: degrees in, degrees out; only the prime meridian moves longitudes. */
function createGeographic(definition: ProjectionDefinition): ProjectionKernel {
  const primeMeridian = definition.centralMeridianDegrees;
  return {
    forward(buffer, stride) {
      if (primeMeridian === 0) return;
      for (let index = 0; index < buffer.length; index += stride) buffer[index] = wrapDegrees((buffer[index] as number) - primeMeridian);
    },
    inverse(buffer, stride) {
      if (primeMeridian === 0) return;
      for (let index = 0; index < buffer.length; index += stride) buffer[index] = wrapDegrees((buffer[index] as number) + primeMeridian);
    },
  };
}

/**
 * The batch kernel of a projection definition (Lambert conformal conic, transverse Mercator/UTM, LAEA, Web
 * Mercator, or geographic).
 *
 * @example
 * ```ts
 * const kernel = createProjectionKernel(readProjectionDefinition(getCrs(2154).proj4)!);
 * kernel.inverse(eastingNorthing, 2); // now longitude, latitude in degrees
 * ```
 */
export function createProjectionKernel(definition: ProjectionDefinition): ProjectionKernel {
  switch (definition.method) {
    case 'lcc':
      return createLambertConformalConic(definition);
    case 'tmerc':
      return createTransverseMercator(definition);
    case 'laea':
      return createLambertAzimuthalEqualArea(definition);
    case 'webmerc':
      return createWebMercator(definition);
    case 'longlat':
      return createGeographic(definition);
  }
}
