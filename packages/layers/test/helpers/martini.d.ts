declare module '@mapbox/martini' {
  /** RTIN terrain mesh (Martini, Mapbox, ISC): a right-triangulated irregular network over a (2^k+1)² grid. */
  export default class Martini {
    constructor(gridSize?: number);
    readonly gridSize: number;
    readonly numTriangles: number;
    /** Hypotenuse endpoints (ax, ay, bx, by) of every triangle of the implicit tree, coarsest first. */
    readonly coords: Uint16Array;
    createTile(terrain: Float32Array): MartiniTile;
  }
  export interface MartiniTile {
    /** Approximation error (m) at each grid vertex; a triangle is split when the error at its hypotenuse midpoint exceeds the bound. */
    readonly errors: Float32Array;
    getMesh(maximumError?: number): { vertices: Uint16Array; triangles: Uint32Array };
  }
}
