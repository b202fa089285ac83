// dist/mcp.js: the MCP server in a bundle of its own, which only the npm package ships (the CLI's `mcp`
// command loads it): the MCP SDK and zod stay out of the language server's bundle and the .vsix.
export { serveMcp } from './mcpServer';
