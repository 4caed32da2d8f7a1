/**
 * The lines of a text stream, split on `\n` however the chunks fall (a line may span many chunks);
 * a last line without `\n` is a line too. Evidence parts and stream objects are both read this way.
 */
export async function* linesOf(text: AsyncIterable<string>): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of text) {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      yield rest + chunk.slice(start, end);
      rest = '';
      start = end + 1;
    }
    rest += chunk.slice(start);
  }
  if (rest !== '') yield rest;
}
