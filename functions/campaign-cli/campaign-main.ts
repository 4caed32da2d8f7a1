import { describeError } from '../shared/errors.js';
import { defaultIo } from '../weekly-report/cli/cli-io.js';
import { runCampaignCli } from './campaign-cli.js';

/** Entry of `npm run campaign`: exit 0 when the campaign is stored, 1 on failure. */
runCampaignCli(process.argv.slice(2), process.env, defaultIo).then(
  () => {
    process.exitCode = 0;
  },
  (error: unknown) => {
    defaultIo.error(`Error: ${describeError(error, 'name: message')}`);
    process.exitCode = 1;
  },
);
