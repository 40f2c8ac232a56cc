// lrfinder_stdio, a tiny N-API addon built beside tfjs-node's binding (kept here as text so the
// CLI bundle carries it): it silences the process's stderr (fd 2) while TensorFlow's library
// loads. TensorFlow 2.21 logs "oneDNN custom operations are on" (and absl's "before
// InitializeLog" warning) before TF_CPP_MIN_LOG_LEVEL applies, and Node has no dup2.

export const STDIO_ADDON = 'lrfinder_stdio';

export const STDIO_SOURCE = String.raw`#include <fcntl.h>
#include <node_api.h>
#include <stdio.h>
#include <unistd.h>

static int saved_stderr = -1;

static napi_value Mute(napi_env env, napi_callback_info info) {
  if (saved_stderr < 0) {
    fflush(stderr);
    int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (null_fd >= 0) {
      saved_stderr = dup(2);
      dup2(null_fd, 2);
      close(null_fd);
    }
  }
  return nullptr;
}

static napi_value Restore(napi_env env, napi_callback_info info) {
  if (saved_stderr >= 0) {
    fflush(stderr);
    dup2(saved_stderr, 2);
    close(saved_stderr);
    saved_stderr = -1;
  }
  return nullptr;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "mute", NAPI_AUTO_LENGTH, Mute, nullptr, &fn);
  napi_set_named_property(env, exports, "mute", fn);
  napi_create_function(env, "restore", NAPI_AUTO_LENGTH, Restore, nullptr, &fn);
  napi_set_named_property(env, exports, "restore", fn);
  return exports;
}
`;

/** The gyp file of the build: tfjs-node's own (included as is) plus this addon's target. */
export const BINDING_GYP = `{
  'includes': ['tfjs_binding.gypi'],
  'targets': [{ 'target_name': '${STDIO_ADDON}', 'sources': ['${STDIO_ADDON}.cc'] }],
}
`;

/** What the addon exports. */
export interface StdioAddon {
  mute(): void;
  restore(): void;
}
