<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
    <context>
        <name>CompareAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="47" />
            <source>A file raster GDAL can read (e.g. the original, or the output of FLAC to raster).</source>
            <translation>Ein Dateiraster, das GDAL lesen kann (z. B. das Original oder die Ausgabe von FLAC zu Raster).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="25" />
            <source>Compare rasters (bit for bit)</source>
            <translation>Raster vergleichen (bitgenau)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="57" />
            <source>Differing pixels (all bands)</source>
            <translation>Abweichende Pixel (alle Bänder)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="55" />
            <source>Identical</source>
            <translation>Identisch</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="50" />
            <source>JSON files (*.json)</source>
            <translation>JSON-Dateien (*.json)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="53" />
            <source>Optional: save the full comparison report as a JSON file.</source>
            <translation>Optional: den vollständigen Vergleichsbericht als JSON-Datei speichern.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="44" />
            <source>Raster A</source>
            <translation>Raster A</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="44" />
            <source>Raster B</source>
            <translation>Raster B</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="50" />
            <source>Report as JSON</source>
            <translation>Bericht als JSON</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="31" />
            <source>Tells whether two rasters are identical: same size, data type, CRS, geotransform, nodata, scale/offset and masks, and every pixel equal bit for bit. Run it on a raster and its FLAC round trip to prove the conversion is lossless.&lt;br&gt;&lt;br&gt;Per band it reports the largest absolute difference (exact, without integer overflow), the number of differing pixels (NaN equals NaN; NaN against a number differs), pixels whose bits differ (e.g. -0.0 vs 0.0, which are equal as values) and mask differences; plus every metadata difference. The rasters are read in windows, so any size works.&lt;br&gt;&lt;br&gt;&lt;b&gt;IDENTICAL&lt;/b&gt; is true only for a bit-exact match; &lt;b&gt;VALUES_EQUAL&lt;/b&gt; also accepts -0.0 vs 0.0 and different NaN payloads.</source>
            <translation>Prüft, ob zwei Raster identisch sind: gleiche Größe, gleicher Datentyp, gleiches KBS, gleiche Geotransformation, gleiches NoData, gleiche Skalierung/Verschiebung und Masken, und jedes Pixel bitgenau gleich. Führen Sie es mit einem Raster und seinem FLAC-Hin-und-Rückweg aus, um zu belegen, dass die Umwandlung verlustfrei ist.&lt;br&gt;&lt;br&gt;Pro Band meldet es die größte absolute Differenz (exakt, ohne Ganzzahlüberlauf), die Anzahl abweichender Pixel (NaN gleich NaN; NaN gegenüber einer Zahl ist verschieden), Pixel mit abweichenden Bits (z. B. -0.0 und 0.0, die als Werte gleich sind) und Maskenunterschiede; dazu jeden Metadatenunterschied. Die Raster werden fensterweise gelesen, daher ist jede Größe möglich.&lt;br&gt;&lt;br&gt;&lt;b&gt;IDENTICAL&lt;/b&gt; ist nur bei bitgenauer Übereinstimmung wahr; &lt;b&gt;VALUES_EQUAL&lt;/b&gt; akzeptiert auch -0.0 gegenüber 0.0 und unterschiedliche NaN-Nutzdaten.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="56" />
            <source>Values equal</source>
            <translation>Werte gleich</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="28" />
            <source>compare,identical,difference,lossless,verify,check,diff</source>
            <translation>vergleichen,identisch,Differenz,verlustfrei,prüfen,Kontrolle,compare,diff</translation>
        </message>
    </context>
    <context>
        <name>CreateStreamingAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="58" />
            <source>Add reduced-resolution levels for fast zoomed-out reading.</source>
            <translation>Stufen mit reduzierter Auflösung (Übersichten) für schnelles Lesen in herausgezoomten Ansichten hinzufügen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="46" />
            <source>Any file raster GDAL can read (GeoTIFF, ...).</source>
            <translation>Jedes Dateiraster, das GDAL lesen kann (GeoTIFF, ...).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Average</source>
            <translation>Mittelwert</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="56" />
            <source>Build overviews</source>
            <translation>Übersichten erstellen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="29" />
            <source>Create streaming FLAC (tiled, with overviews)</source>
            <translation>Streaming-FLAC erstellen (gekachelt, mit Übersichten)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="64" />
            <source>How overview pixels are made from 2x2 blocks: Average for continuous data (elevation, imagery), Nearest or Mode for categories (land cover). Nodata and NaN are ignored.</source>
            <translation>Wie die Pixel der Übersichten aus 2x2-Blöcken gebildet werden: Mittelwert für kontinuierliche Daten (Höhen, Bilder), Nächster Nachbar oder Modus für Kategorien (Landbedeckung). NoData und NaN werden ignoriert.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="45" />
            <source>Input raster layer</source>
            <translation>Eingabe-Rasterlayer</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Mode</source>
            <translation>Modus</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Nearest neighbour</source>
            <translation>Nächster Nachbar</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="70" />
            <source>Output streaming FLAC file</source>
            <translation>Streaming-FLAC-Ausgabedatei</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Overview resampling</source>
            <translation>Resampling der Übersichten</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="48" />
            <source>Tile size (pixels)</source>
            <translation>Kachelgröße (Pixel)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="52" />
            <source>Width and height of each tile. Smaller tiles fetch less for small extents; larger tiles compress slightly better.</source>
            <translation>Breite und Höhe jeder Kachel. Kleinere Kacheln laden bei kleinen Ausdehnungen weniger; größere Kacheln komprimieren etwas besser.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="35" />
            <source>Writes a raster as a tiled streaming FLAC: an index followed by independently compressed square tiles, so &lt;b&gt;FLAC to raster&lt;/b&gt; (and the FLAC Raster data-source page) can decode just an extent, from disk or from any web server that supports HTTP range requests.&lt;br&gt;&lt;br&gt;Full resolution is lossless, bit for bit. Optional overview levels (each half the size of the previous) make zoomed-out views cheap; they are resampled, so they are not lossless.</source>
            <translation>Schreibt ein Raster als gekacheltes Streaming-FLAC: ein Index, gefolgt von unabhängig komprimierten quadratischen Kacheln, sodass &lt;b&gt;FLAC zu Raster&lt;/b&gt; (und die FLAC-Raster-Seite der Datenquellenverwaltung) nur eine Ausdehnung dekodieren kann, von der Festplatte oder von jedem Webserver, der HTTP-Range-Anfragen unterstützt.&lt;br&gt;&lt;br&gt;Die volle Auflösung ist verlustfrei, bitgenau. Optionale Übersichtsstufen (jede halb so groß wie die vorherige) machen herausgezoomte Ansichten günstig; sie werden neu berechnet und sind daher nicht verlustfrei.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="32" />
            <source>flac,lossless,streaming,tiles,overviews,http,range,cloud</source>
            <translation>flac,verlustfrei,Streaming,Kacheln,Übersichten,Pyramiden,http,range,cloud</translation>
        </message>
    </context>
    <context>
        <name>FlacRasterAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="126" />
            <source>A QGIS authentication configuration used when the input is an http(s) URL. URLs are read through QGIS's network stack, so its proxy and SSL settings apply.</source>
            <translation>Eine QGIS-Authentifizierungskonfiguration, die verwendet wird, wenn die Eingabe eine http(s)-URL ist. URLs werden über den Netzwerkstack von QGIS gelesen, daher gelten dessen Proxy- und SSL-Einstellungen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="123" />
            <source>Authentication for URLs</source>
            <translation>Authentifizierung für URLs</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="68" />
            <source>Cancelled by the user: no output was written.</source>
            <translation>Vom Benutzer abgebrochen: Es wurde keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="47" />
            <source>Conversion</source>
            <translation>Konvertierung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="47" />
            <source>Inspection</source>
            <translation>Prüfung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="103" />
            <source>Layer '{}' is not a file raster (provider '{}'); save it as a GeoTIFF first.</source>
            <translation>Der Layer „{}“ ist kein Dateiraster (Anbieter „{}“); speichern Sie ihn zuerst als GeoTIFF.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="112" />
            <source>No FLAC file or URL was given.</source>
            <translation>Es wurde keine FLAC-Datei und keine URL angegeben.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="65" />
            <source>Stopped by a signal: no output was written.</source>
            <translation>Durch ein Signal beendet: Es wurde keine Ausgabe geschrieben.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="116" />
            <source>The FLAC file does not exist: {}</source>
            <translation>Die FLAC-Datei existiert nicht: {}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="94" />
            <source>The Python package '{}' is missing from QGIS's Python. Install it (see the plugin's README, or run 'make deploy'): {}</source>
            <translation>Das Python-Paket „{}“ fehlt im Python von QGIS. Installieren Sie es (siehe README der Erweiterung oder „make deploy“): {}</translation>
        </message>
    </context>
    <context>
        <name>FlacSourceSelectBase</name>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="147" />
            <source>Add every intersecting tile as its own layer instead of one layer clipped to the extent</source>
            <translation>Jede Kachel, die die Ausdehnung schneidet, als eigenen Layer hinzufügen statt eines einzigen, auf die Ausdehnung zugeschnittenen Layers</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="137" />
            <source>Always read level 0 (lossless) instead of the overview that matches the map scale</source>
            <translation>Immer Stufe 0 (verlustfrei) lesen statt der Übersicht, die zum Kartenmaßstab passt</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="55" />
            <source>An http(s) URL of a FLAC raster, or a local .flac file. Recent sources are kept in the list.</source>
            <translation>Eine http(s)-URL eines FLAC-Rasters oder eine lokale .flac-Datei. Zuletzt verwendete Quellen bleiben in der Liste.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="82" />
            <source>Authentication</source>
            <translation>Authentifizierung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="95" />
            <source>Authentication configuration for protected URLs (QGIS authentication manager)</source>
            <translation>Authentifizierungskonfiguration für geschützte URLs (QGIS-Authentifizierungsverwaltung)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="186" />
            <source>Cancel</source>
            <translation>Abbrechen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="65" />
            <source>Choose a local FLAC raster file</source>
            <translation>Lokale FLAC-Rasterdatei wählen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="72" />
            <source>Connect</source>
            <translation>Verbinden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="157" />
            <source>Draw the tile grid of the file as a temporary vector layer</source>
            <translation>Das Kachelraster der Datei als temporären Vektorlayer zeichnen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="14" />
            <source>FLAC Raster</source>
            <translation>FLAC-Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="167" />
            <source>Fetch again when the map is panned or zoomed; tiles already fetched are reused</source>
            <translation>Erneut laden, wenn die Karte verschoben oder gezoomt wird; bereits geladene Kacheln werden wiederverwendet</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="164" />
            <source>Follow the map</source>
            <translation>Der Karte folgen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="134" />
            <source>Full resolution</source>
            <translation>Volle Auflösung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="128" />
            <source>Load</source>
            <translation>Laden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="176" />
            <source>Load canvas extent</source>
            <translation>Ausdehnung des Kartenfensters laden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="144" />
            <source>One layer per tile</source>
            <translation>Ein Layer pro Kachel</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="115" />
            <source>Property</source>
            <translation>Eigenschaft</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="75" />
            <source>Read the header and tile index (one small range request) and show what the file holds</source>
            <translation>Kopf und Kachelindex lesen (eine kleine Range-Anfrage) und anzeigen, was die Datei enthält</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="154" />
            <source>Show tile footprints</source>
            <translation>Kachelumrisse anzeigen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="30" />
            <source>Source</source>
            <translation>Quelle</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="36" />
            <source>URL or file</source>
            <translation>URL oder Datei</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="120" />
            <source>Value</source>
            <translation>Wert</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="62" />
            <source>…</source>
            <translation>…</translation>
        </message>
            <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="1" />
            <source>A snapshot: fetch only the tiles under the current map extent and add them as temporary layers (replacing the previous snapshot of this source)</source>
            <translation>Eine Momentaufnahme: nur die Kacheln unter der aktuellen Kartenausdehnung abrufen und als temporäre Layer hinzufügen (ersetzt die vorige Momentaufnahme dieser Quelle)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="1" />
            <source>Add layer</source>
            <translation>Layer hinzufügen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="1" />
            <source>Add the raster as a live layer: it fetches the tiles of every view by itself and is saved with the project</source>
            <translation>Das Raster als Live-Layer hinzufügen: er ruft die Kacheln jeder Ansicht selbst ab und wird mit dem Projekt gespeichert</translation>
        </message>
</context>
    <context>
        <name>FlacToRasterAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="79" />
            <source>Additional creation options</source>
            <translation>Zusätzliche Erstellungsoptionen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="57" />
            <source>Decodes a FLAC raster (a file or an http(s) URL) to a GeoTIFF: this plugin's plain and streaming formats bit for bit, and flac-raster 0.1.x files as faithfully as they allow (run &lt;b&gt;FLAC raster information&lt;/b&gt; to see their warnings).&lt;br&gt;&lt;br&gt;Leave &lt;b&gt;Extent&lt;/b&gt; empty to decode everything. With an extent (in any CRS: the map canvas extent, a layer's extent, or typed), exactly the full-resolution pixels covering it are written (the window is snapped outward to whole pixels, on the file's own grid, and clipped to the raster). A streaming file reads only the tiles it needs, over HTTP only their byte ranges; a plain file has no tiles, so it is decoded from the start (over HTTP: downloaded whole).&lt;br&gt;&lt;br&gt;&lt;b&gt;Input&lt;/b&gt; is a file field: use the browse button, or type or paste a URL.</source>
            <translation>Dekodiert ein FLAC-Raster (eine Datei oder eine http(s)-URL) in ein GeoTIFF: das einfache und das Streaming-Format dieser Erweiterung bitgenau und Dateien von flac-raster 0.1.x so originalgetreu, wie sie es zulassen (führen Sie &lt;b&gt;FLAC-Raster-Informationen&lt;/b&gt; aus, um ihre Warnungen zu sehen).&lt;br&gt;&lt;br&gt;Lassen Sie &lt;b&gt;Ausdehnung&lt;/b&gt; leer, um alles zu dekodieren. Mit einer Ausdehnung (in beliebigem KBS: die Ausdehnung des Kartenfensters, eines Layers oder eingegeben) werden genau die Pixel voller Auflösung geschrieben, die sie überdecken (das Fenster wird im Pixelraster der Datei nach außen auf ganze Pixel erweitert und auf das Raster begrenzt). Eine Streaming-Datei liest nur die benötigten Kacheln, über HTTP nur deren Bytebereiche; eine einfache Datei hat keine Kacheln und wird daher von Anfang an dekodiert (über HTTP: vollständig heruntergeladen).&lt;br&gt;&lt;br&gt;&lt;b&gt;Eingabe&lt;/b&gt; ist ein Dateifeld: Verwenden Sie die Schaltfläche zum Durchsuchen, oder geben Sie eine URL ein bzw. fügen Sie sie ein.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="67" />
            <source>Extent</source>
            <translation>Ausdehnung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="104" />
            <source>Extent: {} ({})</source>
            <translation>Ausdehnung: {} ({})</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="51" />
            <source>FLAC to raster (whole or extent)</source>
            <translation>FLAC zu Raster (ganz oder Ausdehnung)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="84" />
            <source>GDAL GeoTIFF creation options, e.g. COMPRESS=ZSTD|ZSTD_LEVEL=9 for a smaller file or COMPRESS=NONE for the fastest write. Empty: DEFLATE level 1 with a predictor (fast, lossless). Only lossless options are accepted: lossy codecs, NBITS and similar are refused.</source>
            <translation>GDAL-GeoTIFF-Erstellungsoptionen, z. B. COMPRESS=ZSTD|ZSTD_LEVEL=9 für eine kleinere Datei oder COMPRESS=NONE für das schnellste Schreiben. Leer: DEFLATE Stufe 1 mit Prädiktor (schnell, verlustfrei). Nur verlustfreie Optionen werden angenommen: verlustbehaftete Codecs, NBITS und Ähnliches werden abgelehnt.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="73" />
            <source>Only decode this area. Any CRS: it is reprojected to the file's CRS. In a model use a layer or an extent input; from qgis_process type 'xmin,xmax,ymin,ymax [EPSG:xxxx]'. Empty: the whole raster.</source>
            <translation>Nur diesen Bereich dekodieren. Beliebiges KBS: Er wird in das KBS der Datei umprojiziert. In einem Modell einen Layer oder eine Ausdehnungseingabe verwenden; mit qgis_process „xmin,xmax,ymin,ymax [EPSG:xxxx]“ eingeben. Leer: das ganze Raster.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="90" />
            <source>Output raster</source>
            <translation>Ausgaberaster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="91" />
            <source>The GeoTIFF to write (.tif). It appears only when complete.</source>
            <translation>Das zu schreibende GeoTIFF (.tif). Es erscheint erst, wenn es vollständig ist.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="126" />
            <source>The extent could not be read: {}</source>
            <translation>Die Ausdehnung konnte nicht gelesen werden: {}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="98" />
            <source>The output must be a GeoTIFF (.tif): {}</source>
            <translation>Die Ausgabe muss ein GeoTIFF (.tif) sein: {}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="115" />
            <source>Wrote {} ({} bytes)</source>
            <translation>{} geschrieben ({} Bytes)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="54" />
            <source>flac,decode,extract,clip,extent,geotiff,http,url,stream</source>
            <translation>flac,dekodieren,extrahieren,zuschneiden,Ausdehnung,geotiff,http,url,Streaming</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="104" />
            <source>the file's CRS</source>
            <translation>das KBS der Datei</translation>
        </message>
    </context>
    <context>
        <name>InfoAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="67" />
            <source>Compression ratio</source>
            <translation>Kompressionsverhältnis</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="51" />
            <source>Describes a FLAC raster (file or http(s) URL) without decoding its pixels: format and version, data type, bands, CRS, extent, tile grid, overview levels, sizes and compression ratio. The description is written to the log and, if requested, to a JSON file. For a URL only the header and index are fetched.</source>
            <translation>Beschreibt ein FLAC-Raster (Datei oder http(s)-URL), ohne seine Pixel zu dekodieren: Format und Version, Datentyp, Bänder, KBS, Ausdehnung, Kachelraster, Übersichtsstufen, Größen und Kompressionsverhältnis. Die Beschreibung wird ins Protokoll und auf Wunsch in eine JSON-Datei geschrieben. Bei einer URL werden nur Kopf und Index geladen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="45" />
            <source>FLAC raster information</source>
            <translation>FLAC-Raster-Informationen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="65" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="66" />
            <source>Information (JSON)</source>
            <translation>Informationen (JSON)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="60" />
            <source>Information as JSON</source>
            <translation>Informationen als JSON</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="60" />
            <source>JSON files (*.json)</source>
            <translation>JSON-Dateien (*.json)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="63" />
            <source>Optional: save the description as a JSON file.</source>
            <translation>Optional: die Beschreibung als JSON-Datei speichern.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="48" />
            <source>flac,info,metadata,header,inspect,tiles,levels</source>
            <translation>flac,Info,Metadaten,Kopf,untersuchen,Kacheln,Stufen</translation>
        </message>
    </context>
    <context>
        <name>RasterToFlacAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="79" />
            <source>Any file raster GDAL can read (GeoTIFF, ...). Complex data types are not supported.</source>
            <translation>Jedes Dateiraster, das GDAL lesen kann (GeoTIFF, ...). Komplexe Datentypen werden nicht unterstützt.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="78" />
            <source>Input raster layer</source>
            <translation>Eingabe-Rasterlayer</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="84" />
            <source>Output FLAC file</source>
            <translation>FLAC-Ausgabedatei</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="63" />
            <source>Raster to FLAC (lossless)</source>
            <translation>Raster zu FLAC (verlustfrei)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="69" />
            <source>Stores a raster layer losslessly as one plain FLAC file. Every data type (8- to 64-bit integers, 32/64-bit floats), every band, nodata, NaN, the mask, the CRS, the geotransform and the metadata come back bit for bit with &lt;b&gt;FLAC to raster&lt;/b&gt;; prove it with &lt;b&gt;Compare rasters&lt;/b&gt;.&lt;br&gt;&lt;br&gt;The plain format is read as a whole. For rasters you want to read by extent or over HTTP, use &lt;b&gt;Create streaming FLAC&lt;/b&gt;.</source>
            <translation>Speichert einen Rasterlayer verlustfrei als eine einfache FLAC-Datei. Jeder Datentyp (8- bis 64-Bit-Ganzzahlen, 32/64-Bit-Gleitkommazahlen), jedes Band, NoData, NaN, die Maske, das KBS, die Geotransformation und die Metadaten kommen mit &lt;b&gt;FLAC zu Raster&lt;/b&gt; bitgenau zurück; belegen Sie es mit &lt;b&gt;Raster vergleichen&lt;/b&gt;.&lt;br&gt;&lt;br&gt;Das einfache Format wird als Ganzes gelesen. Für Raster, die Sie nach Ausdehnung oder über HTTP lesen möchten, verwenden Sie &lt;b&gt;Streaming-FLAC erstellen&lt;/b&gt;.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="66" />
            <source>flac,lossless,compression,convert,export,geotiff</source>
            <translation>flac,verlustfrei,Kompression,konvertieren,exportieren,geotiff</translation>
        </message>
    </context>
    <context>
        <name>flac_raster_qgis</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="24" />
            <source>A .flac file on disk, or an http:// or https:// URL typed into the field. Reads this plugin's plain and streaming formats and files written by flac-raster 0.1.x. URLs are read with HTTP range requests; the server must support them.</source>
            <translation>Eine .flac-Datei auf der Festplatte oder eine in das Feld eingegebene http://- oder https://-URL. Liest das einfache und das Streaming-Format dieser Erweiterung sowie Dateien von flac-raster 0.1.x. URLs werden mit HTTP-Range-Anfragen gelesen; der Server muss sie unterstützen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="60" />
            <source>A Python package is missing or broken: {name}</source>
            <translation>Ein Python-Paket fehlt oder ist beschädigt: {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="89" />
            <source>A required Python package is missing</source>
            <translation>Ein benötigtes Python-Paket fehlt</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="33" />
            <source>A reversible transform applied before FLAC; the result is lossless whichever you choose. Automatic tries the candidates on each tile and keeps the smallest. Interpolation lifting suits rasters interpolated from a coarser grid.</source>
            <translation>Eine umkehrbare Transformation vor FLAC; das Ergebnis ist bei jeder Wahl verlustfrei. Automatisch probiert die Kandidaten an jeder Kachel aus und behält den kleinsten. Interpolations-Lifting eignet sich für Raster, die aus einem gröberen Gitter interpoliert wurden.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="77" />
            <source>Access denied</source>
            <translation>Zugriff verweigert</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="135" />
            <source>All required packages are installed.</source>
            <translation>Alle benötigten Pakete sind installiert.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="27" />
            <source>Automatic (smallest of a trial encoding)</source>
            <translation>Automatisch (kleinstes Ergebnis einer Probekodierung)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="479" />
            <source>Bands</source>
            <translation>Bänder</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="483" />
            <source>CRS</source>
            <translation>KBS</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="91" />
            <source>Cancelled</source>
            <translation>Abgebrochen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="83" />
            <source>Cancelled by the user</source>
            <translation>Vom Benutzer abgebrochen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="81" />
            <source>Cannot read the source</source>
            <translation>Die Quelle kann nicht gelesen werden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/integration.py" line="29" />
            <source>Check FLAC Raster dependencies…</source>
            <translation>Abhängigkeiten von FLAC-Raster prüfen …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="77" />
            <source>Choose an authentication configuration if the URL is protected.</source>
            <translation>Wählen Sie eine Authentifizierungskonfiguration, wenn die URL geschützt ist.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="78" />
            <source>Choose an authentication configuration if the URL is protected; if it is not, the web server may not be allowed to read the file (check the file's permissions on the server).</source>
            <translation>Wählen Sie eine Authentifizierungskonfiguration, wenn die URL geschützt ist; andernfalls darf der Webserver die Datei womöglich nicht lesen (prüfen Sie die Dateiberechtigungen auf dem Server).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="16" />
            <source>Compression level</source>
            <translation>Kompressionsstufe</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="500" />
            <source>Compression ratio</source>
            <translation>Kompressionsverhältnis</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="69" />
            <source>Connect again to read the new version.</source>
            <translation>Verbinden Sie sich erneut, um die neue Version zu lesen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="377" />
            <source>Connect to a source first.</source>
            <translation>Verbinden Sie sich zuerst mit einer Quelle.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="285" />
            <source>Connected to {name}: {size} read for the header and index.</source>
            <translation>Mit {name} verbunden: {size} für Kopf und Index gelesen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="263" />
            <source>Connecting to {name}…</source>
            <translation>Verbindung mit {name} …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="68" />
            <source>Could not start {python}.</source>
            <translation>{python} konnte nicht gestartet werden.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="480" />
            <source>Data type</source>
            <translation>Datentyp</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="172" />
            <source>Debian/Ubuntu: {command}</source>
            <translation>Debian/Ubuntu: {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="199" />
            <source>Details…</source>
            <translation>Details …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="244" />
            <source>Enter a URL or choose a file first.</source>
            <translation>Geben Sie zuerst eine URL ein oder wählen Sie eine Datei.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="485" />
            <source>Extent</source>
            <translation>Ausdehnung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="75" />
            <source>FLAC (alternative binding)</source>
            <translation>FLAC (alternative Anbindung)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/provider.py" line="18" />
            <source>FLAC Raster</source>
            <translation>FLAC-Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/provider.py" line="21" />
            <source>FLAC Raster (lossless FLAC rasters and HTTP range streaming)</source>
            <translation>FLAC-Raster (verlustfreie FLAC-Raster und Streaming über HTTP-Range-Anfragen)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/plugin.py" line="49" />
            <source>FLAC Raster could not load: {error}</source>
            <translation>FLAC Raster konnte nicht geladen werden: {error}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="91" />
            <source>FLAC Raster dependencies</source>
            <translation>Abhängigkeiten von FLAC-Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="215" />
            <source>FLAC Raster needs the Python package(s) {names}, missing from the Python that runs QGIS.</source>
            <translation>FLAC-Raster benötigt das/die Python-Paket(e) {names}, die im Python von QGIS fehlen.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="109" />
            <source>FLAC Raster: connecting to {name}</source>
            <translation>FLAC-Raster: Verbindung mit {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="161" />
            <source>FLAC Raster: fetching {name}</source>
            <translation>FLAC-Raster: Kacheln von {name} werden geladen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="19" />
            <source>FLAC compression level, 0 (fastest) to 8 (smallest). Every level is lossless; higher levels only trade time for size.</source>
            <translation>FLAC-Kompressionsstufe, 0 (am schnellsten) bis 8 (am kleinsten). Jede Stufe ist verlustfrei; höhere Stufen brauchen nur mehr Zeit für eine kleinere Datei.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="74" />
            <source>FLAC encoding and decoding</source>
            <translation>FLAC-Kodierung und -Dekodierung</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="78" />
            <source>FLAC metadata tags</source>
            <translation>FLAC-Metadaten-Tags</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="20" />
            <source>FLAC raster (file or http(s) URL)</source>
            <translation>FLAC-Raster (Datei oder http(s)-URL)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="20" />
            <source>FLAC rasters (*.flac *.FLAC);;All files (*)</source>
            <translation>FLAC-Raster (*.flac *.FLAC);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="46" />
            <source>FLAC rasters (*.flac)</source>
            <translation>FLAC-Raster (*.flac)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="175" />
            <source>FLAC rasters (*.flac);;All files (*)</source>
            <translation>FLAC-Raster (*.flac);;Alle Dateien (*)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/page_actions.py" line="31" />
            <source>Fetch the tiles of a FLAC raster under the map extent</source>
            <translation>Die Kacheln eines FLAC-Rasters unter der Kartenausdehnung laden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="390" />
            <source>Fetching the tiles under the map…</source>
            <translation>Kacheln unter der Karte werden geladen …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="498" />
            <source>File size</source>
            <translation>Dateigröße</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="477" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="418" />
            <source>GDAL could not open the decoded window {path}</source>
            <translation>GDAL konnte das dekodierte Fenster {path} nicht öffnen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="81" />
            <source>HTTP range reads outside QGIS</source>
            <translation>HTTP-Range-Lesezugriffe außerhalb von QGIS</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="192" />
            <source>If pip finds no wheel for {package} on this computer (Intel Macs, uncommon processors), install {tools}, then: {command}</source>
            <translation>Findet pip kein Binärpaket (Wheel) von {package} für diesen Computer (Intel-Macs, seltene Prozessoren), installieren Sie {tools}, dann: {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="142" />
            <source>Install Python packages</source>
            <translation>Python-Pakete installieren</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="105" />
            <source>Install missing packages…</source>
            <translation>Fehlende Pakete installieren …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="142" />
            <source>Install {packages} into your QGIS profile with pip?

{command}</source>
            <translation>{packages} mit pip in Ihr QGIS-Profil installieren?

{command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="164" />
            <source>Installed. Restart QGIS if an algorithm still reports a missing package.</source>
            <translation>Installiert. Starten Sie QGIS neu, falls ein Algorithmus weiterhin ein fehlendes Paket meldet.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="155" />
            <source>Installing with pip… (QGIS stays usable)</source>
            <translation>Installation mit pip … (QGIS bleibt benutzbar)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="199" />
            <source>Install…</source>
            <translation>Installieren …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="28" />
            <source>Interpolation lifting</source>
            <translation>Interpolations-Lifting</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="428" />
            <source>Level {level}: {tiles} tile(s), {fetched} fetched in {requests} request(s) of a {size} file ({percent} %).</source>
            <translation>Stufe {level}: {tiles} Kachel(n), {fetched} in {requests} Anfrage(n) aus einer Datei von {size} geladen ({percent} %).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="194" />
            <source>Missing Python package(s): {names}.</source>
            <translation>Fehlende(s) Python-Paket(e): {names}.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="95" />
            <source>Needed for</source>
            <translation>Benötigt für</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="27" />
            <source>None</source>
            <translation>Keiner</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="85" />
            <source>Not a FLAC raster</source>
            <translation>Kein FLAC-Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="257" />
            <source>Not found</source>
            <translation>Nicht gefunden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="284" />
            <source>Note</source>
            <translation>Hinweis</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="253" />
            <source>Only http(s) URLs and local files are supported.</source>
            <translation>Nur http(s)-URLs und lokale Dateien werden unterstützt.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="175" />
            <source>Open a FLAC raster</source>
            <translation>FLAC-Raster öffnen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="495" />
            <source>Overview levels</source>
            <translation>Übersichtsstufen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="95" />
            <source>Package</source>
            <translation>Paket</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="29" />
            <source>Predictor</source>
            <translation>Prädiktor</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="145" />
            <source>Property</source>
            <translation>Eigenschaft</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="92" />
            <source>Reading failed</source>
            <translation>Lesen fehlgeschlagen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="28" />
            <source>Row difference</source>
            <translation>Zeilendifferenz</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="54" />
            <source>Running: {command}</source>
            <translation>Ausführung: {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="478" />
            <source>Size</source>
            <translation>Größe</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="131" />
            <source>Some packages are missing; the FLAC Raster algorithms cannot run until they are installed.</source>
            <translation>Einige Pakete fehlen; die Algorithmen von FLAC-Raster können erst nach deren Installation ausgeführt werden.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="95" />
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/page_actions.py" line="28" />
            <source>Stream a FLAC Raster…</source>
            <translation>FLAC-Raster streamen …</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="50" />
            <source>Stream lossless FLAC rasters from a URL or a file, tile by tile</source>
            <translation>Verlustfreie FLAC-Raster kachelweise von einer URL oder aus einer Datei streamen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="48" />
            <source>The .flac file to write. It appears only when complete: a failed or cancelled run leaves nothing behind.</source>
            <translation>Die zu schreibende .flac-Datei. Sie erscheint erst, wenn sie vollständig ist: Ein fehlgeschlagener oder abgebrochener Lauf hinterlässt nichts.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="45" />
            <source>The Python interpreter that runs QGIS was not found; install the packages by hand.</source>
            <translation>Der Python-Interpreter von QGIS wurde nicht gefunden; installieren Sie die Pakete von Hand.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="175" />
            <source>The extent covers {width} x {height} pixels at level {level}, too many to load at once: zoom in, or untick 'Full resolution'</source>
            <translation>Die Ausdehnung umfasst {width} x {height} Pixel auf Stufe {level}, zu viele für einmaliges Laden: zoomen Sie hinein oder deaktivieren Sie „Volle Auflösung“</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="69" />
            <source>The file changed on the server</source>
            <translation>Die Datei hat sich auf dem Server geändert</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="359" />
            <source>The map extent cannot be transformed to the raster's CRS ({crs}): {error}</source>
            <translation>Die Kartenausdehnung kann nicht in das KBS des Rasters ({crs}) transformiert werden: {error}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="87" />
            <source>The map extent does not cover the raster</source>
            <translation>Die Kartenausdehnung überdeckt das Raster nicht</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="363" />
            <source>The map extent is empty</source>
            <translation>Die Kartenausdehnung ist leer</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/plugin.py" line="54" />
            <source>The plugin could not load ({error}); details are in the log messages panel.</source>
            <translation>Die Erweiterung konnte nicht geladen werden ({error}); Einzelheiten stehen im Protokollfenster.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="80" />
            <source>The server did not answer in time</source>
            <translation>Der Server hat nicht rechtzeitig geantwortet</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="67" />
            <source>The server does not support range requests</source>
            <translation>Der Server unterstützt keine Range-Anfragen</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="257" />
            <source>There is no file at {path}</source>
            <translation>Unter {path} gibt es keine Datei</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="348" />
            <source>There is no map canvas to take the extent from</source>
            <translation>Es gibt keinen Kartenbereich, aus dem die Ausdehnung übernommen werden kann</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="83" />
            <source>This file holds no pixels</source>
            <translation>Diese Datei enthält keine Pixel</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="492" />
            <source>Tile grid</source>
            <translation>Kachelraster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="145" />
            <source>Value</source>
            <translation>Wert</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="184" />
            <source>With pip (any distribution, no root needed), in a terminal: {command}</source>
            <translation>Mit pip (jede Distribution, ohne Root-Rechte), in einem Terminal: {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="181" />
            <source>With pip, in a Terminal: {command}</source>
            <translation>Mit pip, in einem Terminal: {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="178" />
            <source>With pip, in the OSGeo4W Shell (Start menu, QGIS folder): {command}</source>
            <translation>Mit pip, in der OSGeo4W Shell (Startmenü, Ordner QGIS): {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="80" />
            <source>arrays</source>
            <translation>Arrays</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="134" />
            <source>https://example.com/dem.flac or /path/to/dem.flac</source>
            <translation>https://example.com/dgm.flac oder /pfad/zu/dgm.flac</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="119" />
            <source>installed ({version})</source>
            <translation>installiert ({version})</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="125" />
            <source>missing</source>
            <translation>fehlt</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="495" />
            <source>none</source>
            <translation>keine</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="121" />
            <source>not installed (optional)</source>
            <translation>nicht installiert (optional)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="123" />
            <source>not installed (pyflac is used instead)</source>
            <translation>nicht installiert (stattdessen wird pyflac verwendet)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="492" />
            <source>not tiled (one block)</source>
            <translation>nicht gekachelt (ein Block)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="178" />
            <source>pip failed; its output is below.</source>
            <translation>pip ist fehlgeschlagen; die Ausgabe steht unten.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="167" />
            <source>pip finished, but some packages are still missing: see the commands above.</source>
            <translation>pip ist fertig, aber einige Pakete fehlen noch: siehe die Befehle oben.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="172" />
            <source>pip found no ready-made package (wheel) for this computer; the commands above say how to build it instead.</source>
            <translation>pip hat kein fertiges Paket (Wheel) für diesen Computer gefunden; die Befehle oben zeigen, wie es stattdessen gebaut wird.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="77" />
            <source>pyflac</source>
            <translation>pyflac</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="204" />
            <source>rasterio: install your distribution's python3-rasterio package.</source>
            <translation>rasterio: Installieren Sie das Paket python3-rasterio Ihrer Distribution.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="198" />
            <source>rasterio: run the OSGeo4W Setup (Advanced Install) and add the package python3-rasterio.</source>
            <translation>rasterio: Starten Sie das OSGeo4W-Setup (erweiterte Installation) und fügen Sie das Paket python3-rasterio hinzu.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="201" />
            <source>rasterio: {command} (its wheels bring their own GDAL).</source>
            <translation>rasterio: {command} (die Wheels bringen ihr eigenes GDAL mit).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="79" />
            <source>reading and writing rasters</source>
            <translation>Lesen und Schreiben von Rastern</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/layers.py" line="110" />
            <source>{name} tile footprints</source>
            <translation>Kachelumrisse von {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="206" />
            <source>{package}: it normally ships with QGIS; reinstall QGIS or run {command}</source>
            <translation>{package}: Es wird normalerweise mit QGIS ausgeliefert; installieren Sie QGIS neu oder führen Sie {command} aus</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="488" />
            <source>{tw} × {th} pixels, {across} × {down} tiles</source>
            <translation>{tw} × {th} Pixel, {across} × {down} Kacheln</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="478" />
            <source>{w} × {h} pixels</source>
            <translation>{w} × {h} Pixel</translation>
        </message>
            <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="1" />
            <source>Added {name} as a live layer.</source>
            <translation>{name} als Live-Layer hinzugefügt.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="1" />
            <source>The live layer cannot be opened</source>
            <translation>Der Live-Layer kann nicht geöffnet werden</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="1" />
            <source>{name} (level {level}) {xmin}, {ymin} : {xmax}, {ymax}</source>
            <translation>{name} (Stufe {level}) {xmin}, {ymin} : {xmax}, {ymax}</translation>
        </message>
</context>
</TS>
