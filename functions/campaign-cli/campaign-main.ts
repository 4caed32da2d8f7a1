import { exitWith } from '../shared/exit-with.js';
import { defaultIo } from '../weekly-report/cli/cli-io.js';
import { runCampaignCli } from './campaign-cli.js';

/** Entry of `npm run campaign`: exit 0 when the campaign is stored, 1 on failure. */
exitWith(
  runCampaignCli(process.argv.slice(2), process.env, defaultIo).then(() => 0),
  'name: message',
);
