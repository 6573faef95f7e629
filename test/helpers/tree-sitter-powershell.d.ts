// tree-sitter-powershell's package.json points "types" at a folder ("bindings/node"), which NodeNext resolution does
// not follow; its bindings/node/index.d.ts says the default export is a tree-sitter Language, as declared here.
declare module 'tree-sitter-powershell' {
	import type {Language} from 'tree-sitter';

	const language: Language;
	export default language;
}
