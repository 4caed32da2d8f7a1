import { ConfigError } from '../../functions/shared/errors.js';

/** The deploy configuration is invalid; the message names every bad setting. Thrown at synth. */
export class DeployConfigError extends ConfigError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeployConfigError';
  }
}
