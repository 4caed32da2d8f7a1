/** The deploy configuration is invalid; the message names every bad setting. Thrown at synth. */
export class DeployConfigError extends Error {
  override name = 'DeployConfigError';
}
