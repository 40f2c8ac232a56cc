/** A backend that was asked for cannot be had; the message says what to install or do. */
export class BackendError extends Error {
  constructor(
    message: string,
    /** The backend asked for. */
    readonly backend: string,
    /** The user stopped it (Ctrl-C while native TensorFlow was being set up). */
    readonly interrupted = false,
  ) {
    super(message);
    this.name = 'BackendError';
  }
}
