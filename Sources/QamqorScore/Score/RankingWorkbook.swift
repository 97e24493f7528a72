import QamqorSupport
import QamqorCore
import QamqorBatch
import Foundation

/// A ranking as an Excel workbook (Office Open XML, `.xlsx`): one sheet with the headings in the
/// renderer's language, the header row frozen and filterable, numbers stored as numbers (rank and
/// points as plain numbers, the grant as money with two decimals) and every text as inline text —
/// never a formula, whatever it starts with.
extension RankingRenderer {
    /// The MIME type of ``xlsx(_:)``'s bytes.
    public static let xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// The workbook's bytes, or nil when the ranking is beyond what one sheet holds
    /// (1 048 576 rows) or a classic ZIP (4 GiB).
    public func xlsx(_ r: Ranking) -> [UInt8]? {
        guard r.applications.count < 1_048_575 else { return nil }
        var zip = StoredZip()
        zip.add("[Content_Types].xml", Array(Self.contentTypes.utf8))
        zip.add("_rels/.rels", Array(Self.packageRelations.utf8))
        zip.add("xl/workbook.xml", Array(Self.workbook(sheetName: Self.sheetName(r.program.title[language])).utf8))
        zip.add("xl/_rels/workbook.xml.rels", Array(Self.workbookRelations.utf8))
        zip.add("xl/styles.xml", Array(Self.styles.utf8))
        zip.add("xl/worksheets/sheet1.xml", sheet(r))
        return zip.bytes()
    }

    /// Cell styles, by their index in `styles.xml`.
    private enum Style: Int { case text = 0, heading = 1, whole = 2, points = 3, money = 4 }

    private func sheet(_ r: Ranking) -> [UInt8] {
        let labels = columnLabels(r)
        let columns = labels.count, lastRow = r.applications.count + 1
        var x = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        x += #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
        x += #"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>"#
        // Widths in characters: narrow for numbers, wide for names and reasons.
        x += "<cols>"
        for (i, l) in labels.enumerated() {
            let width = i == 2 || i == columns - 1 ? 40 : max(10, min(28, l.count + 2))
            x += #"<col min="\#(i + 1)" max="\#(i + 1)" width="\#(width)" customWidth="1"/>"#
        }
        x += "</cols><sheetData>"
        x += #"<row r="1">"#
        for (i, l) in labels.enumerated() { x += Self.text(l, column: i, row: 1, style: .heading) }
        x += "</row>"
        var out = Array(x.utf8)
        out.reserveCapacity(out.count + r.applications.count * 400)
        for (k, a) in r.applications.enumerated() {
            let row = k + 2
            var cells = #"<row r="\#(row)">"#
            var c = 0
            func number(_ v: String?, _ style: Style) {
                if let v { cells += #"<c r="\#(Self.reference(c, row))" s="\#(style.rawValue)"><v>\#(v)</v></c>"# }
                c += 1
            }
            func text(_ s: String?) {
                if let s, !s.isEmpty { cells += Self.text(s, column: c, row: row, style: .text) }
                c += 1
            }
            number(a.rank.map(String.init), .whole)
            text(a.id); text(a.name); text(a.regionLabel?[language] ?? a.region); text(a.status.label[language])
            number(a.total?.description, .points)
            if a.points.isEmpty { c += r.scoring.criteria.count }
            for p in a.points { number(p.description, .points) }
            number(a.grant?.description, .money)
            text(a.reason?[language])
            cells += "</row>"
            out += cells.utf8
        }
        out += #"</sheetData><autoFilter ref="A1:\#(Self.reference(columns - 1, lastRow))"/></worksheet>"#.utf8
        return out
    }

    /// `A1`-style reference of a zero-based column and a one-based row.
    package static func reference(_ column: Int, _ row: Int) -> String {
        var name = "", n = column + 1
        while n > 0 { let m = (n - 1) % 26; name = String(UnicodeScalar(UInt8(65 + m))) + name; n = (n - 1) / 26 }
        return name + String(row)
    }

    private static func text(_ s: String, column: Int, row: Int, style: Style) -> String {
        #"<c r="\#(reference(column, row))" t="inlineStr" s="\#(style.rawValue)"><is><t xml:space="preserve">\#(xml(s))</t></is></c>"#
    }

    /// Text escaped for XML; characters XML 1.0 cannot hold (controls other than tab and line
    /// breaks) are dropped.
    package static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(u)
            default:
                if u.value < 0x20 || u.value == 0xFFFE || u.value == 0xFFFF { continue }
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A sheet's name as Excel allows it: at most 31 characters, none of `[]:*?/\`.
    package static func sheetName(_ title: String) -> String {
        let kept = title.filter { !"[]:*?/\\".contains($0) }.trimmingCharacters(in: .whitespaces)
        return kept.isEmpty ? "Sheet1" : String(kept.prefix(31))
    }

    private static let contentTypes = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
        """#
    private static let packageRelations = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
        """#
    private static let workbookRelations = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
        """#
    private static func workbook(sheetName: String) -> String {
        #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="\#(xml(sheetName))" sheetId="1" r:id="rId1"/></sheets></workbook>
        """#
    }
    /// Styles 0–4: text, bold heading, whole number, points (`0.00`), money (`#,##0.00`).
    private static let styles = #"""
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="4" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>
        """#
}
