/** GLSL of {@link GridSurfaceLayer}: a value grid coloured through a lookup table, or an RGBA drape. */

const uniformBlock = /* glsl */ `\
layout(std140) uniform gridSurfaceUniforms {
  vec2 valueRange;
  float mode;
  float revealUpTo;
  float contourInterval;
  float contourWidthPixels;
  vec4 contourColor;
  float elevationScale;
  float interpolation;
  float transitionProgress;
  float hasPrevious;
  float valueOpacity;
  float clipImage;
} gridSurface;
`;

/** The uniform block as a luma.gl shader module (deck.gl 9 binds it through `shaderInputs`). */
export const gridSurfaceUniforms = {
  name: 'gridSurface',
  vs: uniformBlock,
  fs: uniformBlock,
  uniformTypes: {
    valueRange: 'vec2<f32>',
    mode: 'f32',
    revealUpTo: 'f32',
    contourInterval: 'f32',
    contourWidthPixels: 'f32',
    contourColor: 'vec4<f32>',
    elevationScale: 'f32',
    interpolation: 'f32',
    transitionProgress: 'f32',
    hasPrevious: 'f32',
    valueOpacity: 'f32',
    clipImage: 'f32',
  },
} as const;

export const gridSurfaceVertexShader = /* glsl */ `\
#version 300 es
#define SHADER_NAME grid-surface-layer-vertex-shader

in vec2 texCoords;
in vec3 positions;
in vec3 positions64Low;

out vec2 vTexCoord;

const vec3 pickingColor = vec3(1.0, 0.0, 0.0);

void main(void) {
  vec3 position = vec3(positions.xy, positions.z * gridSurface.elevationScale);
  geometry.worldPosition = position;
  geometry.uv = texCoords;
  geometry.pickingColor = pickingColor;
  gl_Position = project_position_to_clipspace(position, positions64Low, vec3(0.0), geometry.position);
  DECKGL_FILTER_GL_POSITION(gl_Position, geometry);
  vTexCoord = texCoords;
  vec4 color = vec4(0.0);
  DECKGL_FILTER_COLOR(color, geometry);
}
`;

export const gridSurfaceFragmentShader = /* glsl */ `\
#version 300 es
#define SHADER_NAME grid-surface-layer-fragment-shader
precision highp float;

uniform sampler2D valueTexture;
uniform sampler2D previousValueTexture;
uniform sampler2D colormapTexture;
uniform sampler2D imageTexture;

in vec2 vTexCoord;
out vec4 fragColor;

// Cells without data hold this sentinel (NaN handling differs between GPU drivers).
const float NO_DATA = -1.0e38;

float fetchValue(sampler2D source, ivec2 cell) {
  ivec2 size = textureSize(source, 0);
  return texelFetch(source, clamp(cell, ivec2(0), size - 1), 0).r;
}

// Nearest: the value of the cell under the fragment. Bilinear: interpolated between cell centres over valid cells.
float sampleValue(sampler2D source, vec2 uv) {
  vec2 size = vec2(textureSize(source, 0));
  if (gridSurface.interpolation < 0.5) return fetchValue(source, ivec2(floor(uv * size)));
  vec2 position = uv * size - 0.5;
  ivec2 base = ivec2(floor(position));
  vec2 f = position - floor(position);
  float weights[4] = float[4]((1.0 - f.x) * (1.0 - f.y), f.x * (1.0 - f.y), (1.0 - f.x) * f.y, f.x * f.y);
  ivec2 offsets[4] = ivec2[4](ivec2(0, 0), ivec2(1, 0), ivec2(0, 1), ivec2(1, 1));
  float sum = 0.0;
  float weight = 0.0;
  for (int index = 0; index < 4; index++) {
    float value = fetchValue(source, base + offsets[index]);
    if (value > NO_DATA) { sum += weights[index] * value; weight += weights[index]; }
  }
  // The fragment's own cell decides validity, so nodata edges stay on cell boundaries.
  if (fetchValue(source, ivec2(floor(uv * size))) <= NO_DATA || weight <= 0.0) return NO_DATA;
  return sum / weight;
}

vec4 colorOf(float value) {
  float t = clamp((value - gridSurface.valueRange.x) / (gridSurface.valueRange.y - gridSurface.valueRange.x), 0.0, 1.0);
  int index = min(int(floor(t * 256.0)), 255);
  return texelFetch(colormapTexture, ivec2(index, 0), 0);
}

vec3 encodeCell(vec2 uv) {
  vec2 size = vec2(textureSize(valueTexture, 0));
  vec2 cell = clamp(floor(uv * size), vec2(0.0), size - 1.0);
  float index = cell.y * size.x + cell.x + 1.0;
  return vec3(mod(index, 256.0), mod(floor(index / 256.0), 256.0), floor(index / 65536.0)) / 255.0;
}

void main(void) {
  vec4 color;
  if (gridSurface.mode > 0.5) {
    // A tile drapes only its own square: fragments of the terrain outside it belong to other tiles.
    if (gridSurface.clipImage > 0.5 && (any(lessThan(vTexCoord, vec2(0.0))) || any(greaterThanEqual(vTexCoord, vec2(1.0))))) discard;
    color = texture(imageTexture, vTexCoord);
  } else {
    if (any(lessThan(vTexCoord, vec2(0.0))) || any(greaterThan(vTexCoord, vec2(1.0)))) discard;
    float value = sampleValue(valueTexture, vTexCoord);
    float alpha = 1.0;
    if (gridSurface.hasPrevious > 0.5 && gridSurface.transitionProgress < 1.0) {
      float previous = sampleValue(previousValueTexture, vTexCoord);
      if (value <= NO_DATA && previous > NO_DATA) { value = previous; alpha = 1.0 - gridSurface.transitionProgress; }
      else if (value > NO_DATA && previous <= NO_DATA) { alpha = gridSurface.transitionProgress; }
      else if (value > NO_DATA) { value = mix(previous, value, gridSurface.transitionProgress); }
    }
    if (value <= NO_DATA || value > gridSurface.revealUpTo) discard;
    color = colorOf(value);
    color.a *= alpha * gridSurface.valueOpacity;
    if (gridSurface.contourInterval > 0.0) {
      float scaled = value / gridSurface.contourInterval;
      float scaledPerPixel = fwidth(scaled);
      // Flat areas (no gradient) have no isoline, even when their value is a multiple of the interval.
      float distancePixels = abs(fract(scaled + 0.5) - 0.5) / max(scaledPerPixel, 1.0e-6);
      if (scaledPerPixel > 1.0e-4 && distancePixels < gridSurface.contourWidthPixels * 0.5) color = gridSurface.contourColor;
    }
  }
  fragColor = vec4(color.rgb, color.a * layer.opacity);
  geometry.uv = vTexCoord;
  DECKGL_FILTER_COLOR(fragColor, geometry);
  if (bool(picking.isActive) && !bool(picking.isAttribute)) {
    fragColor.rgb = encodeCell(vTexCoord);
  }
}
`;
