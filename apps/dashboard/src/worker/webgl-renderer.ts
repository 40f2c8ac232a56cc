// Which WebGL the browser would give: headless and GPU-less browsers run WebGL in software
// (SwiftShader, llvmpipe), where tfjs' webgl backend is the slowest of the three, so `auto`
// skips it there and picks wasm.

/** True for a software renderer string (`ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device ...))`, `llvmpipe`). */
export function isSoftwareRenderer(renderer: string | null): boolean {
  return renderer !== null && /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(renderer);
}

/** The WebGL renderer string seen from this worker or page (unmasked when allowed), or null. */
export function webglRenderer(): string | null {
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : null;
    const gl = (canvas?.getContext('webgl2') ?? canvas?.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer;
  } catch {
    return null;
  }
}
