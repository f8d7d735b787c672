// @actions/workflow-parser imports its JSON schema without `with { type: 'json' }`, which Node
// refuses; this resolve hook adds the attribute to every .json URL, nothing else.
export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (!resolved.url.endsWith('.json')) return resolved;
  return { ...resolved, importAttributes: { ...context.importAttributes, type: 'json' } };
}
