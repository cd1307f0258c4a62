// Every public export of packages/*/src must carry a doc comment with a description, `@since`
// and `@category`, and every module a header with `@since`: editors show these on hover and
// docgen builds the API reference from them. Prints each gap and exits 1 when there is one.
import { readdirSync, readFileSync } from "node:fs"
import { join, relative, sep } from "node:path"
import ts from "typescript"

const root = join(import.meta.dirname, "..")

const sourceFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts"))
    .map((entry) => join(entry.parentPath, entry.name))
    // Internal modules are not exported from any entry point.
    .filter((file) => !file.split(sep).includes("internal"))
    .sort()

const jsDocOf = (node) => {
  const docs = node.jsDoc ?? []
  return docs.length === 0 ? undefined : docs[docs.length - 1]
}

const textOf = (comment) =>
  comment === undefined ? "" : typeof comment === "string" ? comment : comment.map((part) => part.text).join("")

const tagsOf = (doc) => new Map((doc?.tags ?? []).map((tag) => [tag.tagName.text, textOf(tag.comment).trim()]))

const isExported = (node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)

const nameOf = (node) => {
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText()).join(", ")
  if (ts.isExportDeclaration(node)) return `export from ${node.moduleSpecifier?.getText() ?? "(local)"}`
  return node.name?.getText() ?? "(anonymous)"
}

const isInternal = (doc) => tagsOf(doc).has("internal")

const problems = []

const audit = (file) => {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true)
  const where = (node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source))
    return `${relative(root, file)}:${line + 1}`
  }

  // The module header is the first doc comment of the file, before any import.
  const first = source.statements[0]
  const header = first === undefined ? undefined : (first.jsDoc ?? [])[0]
  if (header === undefined || !tagsOf(header).has("since") || textOf(header.comment).trim() === "") {
    problems.push(`${relative(root, file)}:1 module header: needs a description and @since`)
  }

  const check = (node, label, { category = true } = {}) => {
    const doc = jsDocOf(node)
    if (isInternal(doc)) return
    const tags = tagsOf(doc)
    const missing = []
    // A module header sits on the first statement too; it does not document that statement.
    const ownDoc = node === first && (node.jsDoc ?? []).length < 2 ? undefined : doc
    if (ownDoc === undefined) missing.push("doc comment")
    else {
      if (textOf(ownDoc.comment).trim() === "") missing.push("description")
      if (!/^\d+\.\d+\.\d+$/.test(tags.get("since") ?? "")) missing.push("@since x.y.z")
      if (category && (tags.get("category") ?? "") === "") missing.push("@category")
    }
    if (missing.length > 0) problems.push(`${where(node)} ${label}: missing ${missing.join(", ")}`)
  }

  let previous
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) || ts.isExportAssignment(statement)) {
      check(statement, nameOf(statement))
      continue
    }
    if (!isExported(statement)) continue
    // Overloads and their implementation share the first signature's doc comment.
    const overload = ts.isFunctionDeclaration(statement) && previous !== undefined &&
      ts.isFunctionDeclaration(previous) && previous.name?.text === statement.name?.text
    previous = statement
    if (overload) continue
    check(statement, nameOf(statement))
    // Public members of exported classes show up in the reference as well.
    if (ts.isClassDeclaration(statement)) {
      for (const member of statement.members) {
        const modifiers = ts.canHaveModifiers(member) ? ts.getModifiers(member) ?? [] : []
        const hidden = modifiers.some((m) =>
          m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword
        ) || (member.name !== undefined && ts.isPrivateIdentifier(member.name))
        if (hidden || ts.isConstructorDeclaration(member) || ts.isClassStaticBlockDeclaration(member)) continue
        const doc = jsDocOf(member)
        if (isInternal(doc)) continue
        if (!tagsOf(doc).has("since")) {
          problems.push(`${where(member)} ${nameOf(statement)}.${member.name?.getText() ?? "?"}: missing @since`)
        }
      }
    }
  }
}

const packagesDir = join(root, "packages")
const files = readdirSync(packagesDir).flatMap((pkg) => sourceFiles(join(packagesDir, pkg, "src")))
for (const file of files) audit(file)

if (problems.length > 0) {
  process.stderr.write(`Doc comments: ${problems.length} gap(s)\n${problems.map((p) => `  ${p}`).join("\n")}\n`)
  process.exit(1)
}
process.stdout.write(`Doc comments: ${files.length} modules, every export documented\n`)
