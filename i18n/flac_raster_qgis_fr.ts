<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
    <context>
        <name>CompareAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="47" />
            <source>A file raster GDAL can read (e.g. the original, or the output of FLAC to raster).</source>
            <translation>Un raster fichier lisible par GDAL (par exemple l'original, ou la sortie de FLAC vers raster).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="25" />
            <source>Compare rasters (bit for bit)</source>
            <translation>Comparer des rasters (bit à bit)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="57" />
            <source>Differing pixels (all bands)</source>
            <translation>Pixels différents (toutes les bandes)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="55" />
            <source>Identical</source>
            <translation>Identiques</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="50" />
            <source>JSON files (*.json)</source>
            <translation>Fichiers JSON (*.json)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="53" />
            <source>Optional: save the full comparison report as a JSON file.</source>
            <translation>Facultatif : enregistrer le rapport de comparaison complet dans un fichier JSON.</translation>
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
            <translation>Rapport en JSON</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="31" />
            <source>Tells whether two rasters are identical: same size, data type, CRS, geotransform, nodata, scale/offset and masks, and every pixel equal bit for bit. Run it on a raster and its FLAC round trip to prove the conversion is lossless.&lt;br&gt;&lt;br&gt;Per band it reports the largest absolute difference (exact, without integer overflow), the number of differing pixels (NaN equals NaN; NaN against a number differs), pixels whose bits differ (e.g. -0.0 vs 0.0, which are equal as values) and mask differences; plus every metadata difference. The rasters are read in windows, so any size works.&lt;br&gt;&lt;br&gt;&lt;b&gt;IDENTICAL&lt;/b&gt; is true only for a bit-exact match; &lt;b&gt;VALUES_EQUAL&lt;/b&gt; also accepts -0.0 vs 0.0 and different NaN payloads.</source>
            <translation>Indique si deux rasters sont identiques : même taille, type de données, SCR, géotransformation, nodata, échelle/décalage et masques, et chaque pixel égal bit à bit. Lancez-le sur un raster et son aller-retour FLAC pour prouver que la conversion est sans perte.&lt;br&gt;&lt;br&gt;Pour chaque bande, il indique la plus grande différence absolue (exacte, sans dépassement d'entier), le nombre de pixels différents (NaN est égal à NaN ; NaN face à un nombre diffère), les pixels dont les bits diffèrent (par exemple -0.0 et 0.0, égaux en valeur) et les différences de masque ; ainsi que chaque différence de métadonnées. Les rasters sont lus par fenêtres : toute taille convient.&lt;br&gt;&lt;br&gt;&lt;b&gt;IDENTICAL&lt;/b&gt; n'est vrai que pour une correspondance exacte au bit près ; &lt;b&gt;VALUES_EQUAL&lt;/b&gt; accepte aussi -0.0 contre 0.0 et des charges utiles NaN différentes.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="56" />
            <source>Values equal</source>
            <translation>Valeurs égales</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/compare.py" line="28" />
            <source>compare,identical,difference,lossless,verify,check,diff</source>
            <translation>comparer,identique,différence,sans perte,vérifier,contrôle,compare,diff</translation>
        </message>
    </context>
    <context>
        <name>CreateStreamingAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="58" />
            <source>Add reduced-resolution levels for fast zoomed-out reading.</source>
            <translation>Ajouter des niveaux de résolution réduite (pyramides) pour une lecture rapide à petite échelle.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="46" />
            <source>Any file raster GDAL can read (GeoTIFF, ...).</source>
            <translation>Tout raster fichier lisible par GDAL (GeoTIFF, ...).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Average</source>
            <translation>Moyenne</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="56" />
            <source>Build overviews</source>
            <translation>Construire les pyramides</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="29" />
            <source>Create streaming FLAC (tiled, with overviews)</source>
            <translation>Créer un FLAC de diffusion (tuilé, avec pyramides)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="64" />
            <source>How overview pixels are made from 2x2 blocks: Average for continuous data (elevation, imagery), Nearest or Mode for categories (land cover). Nodata and NaN are ignored.</source>
            <translation>Comment les pixels des pyramides sont calculés à partir de blocs 2x2 : Moyenne pour les données continues (altitude, imagerie), Plus proche voisin ou Mode pour les catégories (occupation du sol). Les nodata et NaN sont ignorés.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="45" />
            <source>Input raster layer</source>
            <translation>Couche raster en entrée</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Mode</source>
            <translation>Mode</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Nearest neighbour</source>
            <translation>Plus proche voisin</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="70" />
            <source>Output streaming FLAC file</source>
            <translation>Fichier FLAC de diffusion en sortie</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="60" />
            <source>Overview resampling</source>
            <translation>Rééchantillonnage des pyramides</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="48" />
            <source>Tile size (pixels)</source>
            <translation>Taille des tuiles (pixels)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="52" />
            <source>Width and height of each tile. Smaller tiles fetch less for small extents; larger tiles compress slightly better.</source>
            <translation>Largeur et hauteur de chaque tuile. Des tuiles plus petites téléchargent moins pour de petites emprises ; des tuiles plus grandes se compressent un peu mieux.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="35" />
            <source>Writes a raster as a tiled streaming FLAC: an index followed by independently compressed square tiles, so &lt;b&gt;FLAC to raster&lt;/b&gt; (and the FLAC Raster data-source page) can decode just an extent, from disk or from any web server that supports HTTP range requests.&lt;br&gt;&lt;br&gt;Full resolution is lossless, bit for bit. Optional overview levels (each half the size of the previous) make zoomed-out views cheap; they are resampled, so they are not lossless.</source>
            <translation>Écrit un raster en FLAC de diffusion tuilé : un index suivi de tuiles carrées compressées indépendamment, afin que &lt;b&gt;FLAC vers raster&lt;/b&gt; (et la page FLAC Raster du gestionnaire des sources de données) puisse ne décoder qu'une emprise, depuis le disque ou depuis tout serveur web prenant en charge les requêtes HTTP Range.&lt;br&gt;&lt;br&gt;La pleine résolution est sans perte, bit à bit. Les niveaux de pyramides facultatifs (chacun deux fois plus petit que le précédent) rendent les vues à petite échelle peu coûteuses ; ils sont rééchantillonnés, donc pas sans perte.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/create_streaming.py" line="32" />
            <source>flac,lossless,streaming,tiles,overviews,http,range,cloud</source>
            <translation>flac,sans perte,diffusion,tuiles,pyramides,http,range,cloud,streaming</translation>
        </message>
    </context>
    <context>
        <name>FlacRasterAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="126" />
            <source>A QGIS authentication configuration used when the input is an http(s) URL. URLs are read through QGIS's network stack, so its proxy and SSL settings apply.</source>
            <translation>Une configuration d'authentification QGIS, utilisée lorsque l'entrée est une URL http(s). Les URL sont lues via la pile réseau de QGIS : ses paramètres de proxy et SSL s'appliquent donc.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="123" />
            <source>Authentication for URLs</source>
            <translation>Authentification pour les URL</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="68" />
            <source>Cancelled by the user: no output was written.</source>
            <translation>Annulé par l'utilisateur : aucune sortie n'a été écrite.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="47" />
            <source>Conversion</source>
            <translation>Conversion</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="47" />
            <source>Inspection</source>
            <translation>Inspection</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="103" />
            <source>Layer '{}' is not a file raster (provider '{}'); save it as a GeoTIFF first.</source>
            <translation>La couche « {} » n'est pas un raster fichier (fournisseur « {} ») ; enregistrez-la d'abord en GeoTIFF.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="112" />
            <source>No FLAC file or URL was given.</source>
            <translation>Aucun fichier FLAC ni URL n'a été indiqué.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="65" />
            <source>Stopped by a signal: no output was written.</source>
            <translation>Arrêté par un signal : aucune sortie n'a été écrite.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="116" />
            <source>The FLAC file does not exist: {}</source>
            <translation>Le fichier FLAC n'existe pas : {}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/base.py" line="94" />
            <source>The Python package '{}' is missing from QGIS's Python. Install it (see the plugin's README, or run 'make deploy'): {}</source>
            <translation>Le paquet Python « {} » manque dans le Python de QGIS. Installez-le (voir le README de l'extension, ou lancez « make deploy ») : {}</translation>
        </message>
    </context>
    <context>
        <name>FlacSourceSelectBase</name>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="147" />
            <source>Add every intersecting tile as its own layer instead of one layer clipped to the extent</source>
            <translation>Ajouter chaque tuile intersectée comme une couche distincte au lieu d'une seule couche découpée à l'emprise</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="137" />
            <source>Always read level 0 (lossless) instead of the overview that matches the map scale</source>
            <translation>Toujours lire le niveau 0 (sans perte) au lieu de la pyramide adaptée à l'échelle de la carte</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="55" />
            <source>An http(s) URL of a FLAC raster, or a local .flac file. Recent sources are kept in the list.</source>
            <translation>Une URL http(s) d'un raster FLAC, ou un fichier .flac local. Les sources récentes sont conservées dans la liste.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="82" />
            <source>Authentication</source>
            <translation>Authentification</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="95" />
            <source>Authentication configuration for protected URLs (QGIS authentication manager)</source>
            <translation>Configuration d'authentification pour les URL protégées (gestionnaire d'authentification de QGIS)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="186" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="65" />
            <source>Choose a local FLAC raster file</source>
            <translation>Choisir un fichier raster FLAC local</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="72" />
            <source>Connect</source>
            <translation>Connexion</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="157" />
            <source>Draw the tile grid of the file as a temporary vector layer</source>
            <translation>Dessiner la grille de tuiles du fichier dans une couche vecteur temporaire</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="14" />
            <source>FLAC Raster</source>
            <translation>FLAC Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="167" />
            <source>Fetch again when the map is panned or zoomed; tiles already fetched are reused</source>
            <translation>Télécharger à nouveau quand la carte est déplacée ou zoomée ; les tuiles déjà téléchargées sont réutilisées</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="164" />
            <source>Follow the map</source>
            <translation>Suivre la carte</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="134" />
            <source>Full resolution</source>
            <translation>Pleine résolution</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="128" />
            <source>Load</source>
            <translation>Charger</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="176" />
            <source>Load canvas extent</source>
            <translation>Charger l'emprise du canevas</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="144" />
            <source>One layer per tile</source>
            <translation>Une couche par tuile</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="115" />
            <source>Property</source>
            <translation>Propriété</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="75" />
            <source>Read the header and tile index (one small range request) and show what the file holds</source>
            <translation>Lire l'en-tête et l'index des tuiles (une petite requête Range) et afficher le contenu du fichier</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="154" />
            <source>Show tile footprints</source>
            <translation>Afficher les emprises des tuiles</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="30" />
            <source>Source</source>
            <translation>Source</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="36" />
            <source>URL or file</source>
            <translation>URL ou fichier</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="120" />
            <source>Value</source>
            <translation>Valeur</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="62" />
            <source>…</source>
            <translation>…</translation>
        </message>
            <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="1" />
            <source>A snapshot: fetch only the tiles under the current map extent and add them as temporary layers (replacing the previous snapshot of this source)</source>
            <translation>Un instantané : télécharger uniquement les tuiles sous l’emprise actuelle de la carte et les ajouter comme couches temporaires (remplace l’instantané précédent de cette source)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="1" />
            <source>Add layer</source>
            <translation>Ajouter la couche</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/ui/source_select.ui" line="1" />
            <source>Add the raster as a live layer: it fetches the tiles of every view by itself and is saved with the project</source>
            <translation>Ajouter le raster comme couche dynamique : elle télécharge elle-même les tuiles de chaque vue et est enregistrée avec le projet</translation>
        </message>
</context>
    <context>
        <name>FlacToRasterAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="79" />
            <source>Additional creation options</source>
            <translation>Options de création supplémentaires</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="57" />
            <source>Decodes a FLAC raster (a file or an http(s) URL) to a GeoTIFF: this plugin's plain and streaming formats bit for bit, and flac-raster 0.1.x files as faithfully as they allow (run &lt;b&gt;FLAC raster information&lt;/b&gt; to see their warnings).&lt;br&gt;&lt;br&gt;Leave &lt;b&gt;Extent&lt;/b&gt; empty to decode everything. With an extent (in any CRS: the map canvas extent, a layer's extent, or typed), exactly the full-resolution pixels covering it are written (the window is snapped outward to whole pixels, on the file's own grid, and clipped to the raster). A streaming file reads only the tiles it needs, over HTTP only their byte ranges; a plain file has no tiles, so it is decoded from the start (over HTTP: downloaded whole).&lt;br&gt;&lt;br&gt;&lt;b&gt;Input&lt;/b&gt; is a file field: use the browse button, or type or paste a URL.</source>
            <translation>Décode un raster FLAC (un fichier ou une URL http(s)) en GeoTIFF : les formats simple et de diffusion de cette extension bit à bit, et les fichiers flac-raster 0.1.x aussi fidèlement qu'ils le permettent (lancez &lt;b&gt;Informations sur le raster FLAC&lt;/b&gt; pour voir leurs avertissements).&lt;br&gt;&lt;br&gt;Laissez &lt;b&gt;Emprise&lt;/b&gt; vide pour tout décoder. Avec une emprise (dans n'importe quel SCR : l'emprise du canevas de carte, celle d'une couche, ou saisie), ce sont exactement les pixels en pleine résolution qui la couvrent qui sont écrits (la fenêtre est étendue vers l'extérieur jusqu'à des pixels entiers, sur la grille propre au fichier, puis limitée au raster). Un fichier de diffusion ne lit que les tuiles nécessaires, en HTTP seulement leurs plages d'octets ; un fichier simple n'a pas de tuiles : il est donc décodé depuis le début (en HTTP : téléchargé entièrement).&lt;br&gt;&lt;br&gt;&lt;b&gt;Entrée&lt;/b&gt; est un champ de fichier : utilisez le bouton de parcours, ou saisissez ou collez une URL.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="67" />
            <source>Extent</source>
            <translation>Emprise</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="104" />
            <source>Extent: {} ({})</source>
            <translation>Emprise : {} ({})</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="51" />
            <source>FLAC to raster (whole or extent)</source>
            <translation>FLAC vers raster (entier ou emprise)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="84" />
            <source>GDAL GeoTIFF creation options, e.g. COMPRESS=ZSTD|ZSTD_LEVEL=9 for a smaller file or COMPRESS=NONE for the fastest write. Empty: DEFLATE level 1 with a predictor (fast, lossless). Only lossless options are accepted: lossy codecs, NBITS and similar are refused.</source>
            <translation>Options de création GeoTIFF de GDAL, p. ex. COMPRESS=ZSTD|ZSTD_LEVEL=9 pour un fichier plus petit ou COMPRESS=NONE pour l'écriture la plus rapide. Vide : DEFLATE niveau 1 avec un prédicteur (rapide, sans perte). Seules les options sans perte sont acceptées : les codecs avec perte, NBITS et semblables sont refusés.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="73" />
            <source>Only decode this area. Any CRS: it is reprojected to the file's CRS. In a model use a layer or an extent input; from qgis_process type 'xmin,xmax,ymin,ymax [EPSG:xxxx]'. Empty: the whole raster.</source>
            <translation>Ne décoder que cette zone. N'importe quel SCR : elle est reprojetée dans le SCR du fichier. Dans un modèle, utilisez une couche ou une entrée d'emprise ; avec qgis_process, saisissez « xmin,xmax,ymin,ymax [EPSG:xxxx] ». Vide : tout le raster.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="90" />
            <source>Output raster</source>
            <translation>Raster en sortie</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="91" />
            <source>The GeoTIFF to write (.tif). It appears only when complete.</source>
            <translation>Le GeoTIFF à écrire (.tif). Il n'apparaît qu'une fois terminé.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="126" />
            <source>The extent could not be read: {}</source>
            <translation>L'emprise n'a pas pu être lue : {}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="98" />
            <source>The output must be a GeoTIFF (.tif): {}</source>
            <translation>La sortie doit être un GeoTIFF (.tif) : {}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="115" />
            <source>Wrote {} ({} bytes)</source>
            <translation>{} écrit ({} octets)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="54" />
            <source>flac,decode,extract,clip,extent,geotiff,http,url,stream</source>
            <translation>flac,décoder,extraire,découper,emprise,geotiff,http,url,diffusion</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="104" />
            <source>the file's CRS</source>
            <translation>le SCR du fichier</translation>
        </message>
    </context>
    <context>
        <name>InfoAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="67" />
            <source>Compression ratio</source>
            <translation>Taux de compression</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="51" />
            <source>Describes a FLAC raster (file or http(s) URL) without decoding its pixels: format and version, data type, bands, CRS, extent, tile grid, overview levels, sizes and compression ratio. The description is written to the log and, if requested, to a JSON file. For a URL only the header and index are fetched.</source>
            <translation>Décrit un raster FLAC (fichier ou URL http(s)) sans décoder ses pixels : format et version, type de données, bandes, SCR, emprise, grille de tuiles, niveaux de pyramides, tailles et taux de compression. La description est écrite dans le journal et, si demandé, dans un fichier JSON. Pour une URL, seuls l'en-tête et l'index sont téléchargés.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="45" />
            <source>FLAC raster information</source>
            <translation>Informations sur le raster FLAC</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="65" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="66" />
            <source>Information (JSON)</source>
            <translation>Informations (JSON)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="60" />
            <source>Information as JSON</source>
            <translation>Informations en JSON</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="60" />
            <source>JSON files (*.json)</source>
            <translation>Fichiers JSON (*.json)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="63" />
            <source>Optional: save the description as a JSON file.</source>
            <translation>Facultatif : enregistrer la description dans un fichier JSON.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/info.py" line="48" />
            <source>flac,info,metadata,header,inspect,tiles,levels</source>
            <translation>flac,info,métadonnées,en-tête,inspecter,tuiles,niveaux</translation>
        </message>
    </context>
    <context>
        <name>RasterToFlacAlgorithm</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="79" />
            <source>Any file raster GDAL can read (GeoTIFF, ...). Complex data types are not supported.</source>
            <translation>Tout raster fichier lisible par GDAL (GeoTIFF, ...). Les types de données complexes ne sont pas pris en charge.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="78" />
            <source>Input raster layer</source>
            <translation>Couche raster en entrée</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="84" />
            <source>Output FLAC file</source>
            <translation>Fichier FLAC en sortie</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="63" />
            <source>Raster to FLAC (lossless)</source>
            <translation>Raster vers FLAC (sans perte)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="69" />
            <source>Stores a raster layer losslessly as one plain FLAC file. Every data type (8- to 64-bit integers, 32/64-bit floats), every band, nodata, NaN, the mask, the CRS, the geotransform and the metadata come back bit for bit with &lt;b&gt;FLAC to raster&lt;/b&gt;; prove it with &lt;b&gt;Compare rasters&lt;/b&gt;.&lt;br&gt;&lt;br&gt;The plain format is read as a whole. For rasters you want to read by extent or over HTTP, use &lt;b&gt;Create streaming FLAC&lt;/b&gt;.</source>
            <translation>Enregistre une couche raster sans perte dans un fichier FLAC simple. Chaque type de données (entiers de 8 à 64 bits, flottants 32/64 bits), chaque bande, le nodata, les NaN, le masque, le SCR, la géotransformation et les métadonnées reviennent bit à bit avec &lt;b&gt;FLAC vers raster&lt;/b&gt; ; prouvez-le avec &lt;b&gt;Comparer des rasters&lt;/b&gt;.&lt;br&gt;&lt;br&gt;Le format simple se lit d'un bloc. Pour les rasters à lire par emprise ou en HTTP, utilisez &lt;b&gt;Créer un FLAC de diffusion&lt;/b&gt;.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="66" />
            <source>flac,lossless,compression,convert,export,geotiff</source>
            <translation>flac,sans perte,compression,convertir,exporter,geotiff</translation>
        </message>
    </context>
    <context>
        <name>flac_raster_qgis</name>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="24" />
            <source>A .flac file on disk, or an http:// or https:// URL typed into the field. Reads this plugin's plain and streaming formats and files written by flac-raster 0.1.x. URLs are read with HTTP range requests; the server must support them.</source>
            <translation>Un fichier .flac sur disque, ou une URL http:// ou https:// saisie dans le champ. Lit les formats simple et de diffusion de cette extension et les fichiers écrits par flac-raster 0.1.x. Les URL sont lues par requêtes HTTP Range ; le serveur doit les prendre en charge.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="60" />
            <source>A Python package is missing or broken: {name}</source>
            <translation>Un paquet Python est manquant ou défectueux : {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="89" />
            <source>A required Python package is missing</source>
            <translation>Un paquet Python requis est manquant</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="33" />
            <source>A reversible transform applied before FLAC; the result is lossless whichever you choose. Automatic tries the candidates on each tile and keeps the smallest. Interpolation lifting suits rasters interpolated from a coarser grid.</source>
            <translation>Une transformation réversible appliquée avant FLAC ; le résultat est sans perte quel que soit le choix. Automatique essaie les candidats sur chaque tuile et garde le plus petit. Le lifting par interpolation convient aux rasters interpolés depuis une grille plus grossière.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="77" />
            <source>Access denied</source>
            <translation>Accès refusé</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="135" />
            <source>All required packages are installed.</source>
            <translation>Tous les paquets requis sont installés.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="27" />
            <source>Automatic (smallest of a trial encoding)</source>
            <translation>Automatique (le plus petit d’un encodage d’essai)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="479" />
            <source>Bands</source>
            <translation>Bandes</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="483" />
            <source>CRS</source>
            <translation>SCR</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="91" />
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="83" />
            <source>Cancelled by the user</source>
            <translation>Annulé par l'utilisateur</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="81" />
            <source>Cannot read the source</source>
            <translation>Impossible de lire la source</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/integration.py" line="29" />
            <source>Check FLAC Raster dependencies…</source>
            <translation>Vérifier les dépendances de FLAC Raster…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="77" />
            <source>Choose an authentication configuration if the URL is protected.</source>
            <translation>Choisissez une configuration d'authentification si l'URL est protégée.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="78" />
            <source>Choose an authentication configuration if the URL is protected; if it is not, the web server may not be allowed to read the file (check the file's permissions on the server).</source>
            <translation>Choisissez une configuration d'authentification si l'URL est protégée ; sinon, le serveur web n'a peut-être pas le droit de lire le fichier (vérifiez les permissions du fichier sur le serveur).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="16" />
            <source>Compression level</source>
            <translation>Niveau de compression</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="500" />
            <source>Compression ratio</source>
            <translation>Taux de compression</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="69" />
            <source>Connect again to read the new version.</source>
            <translation>Connectez-vous à nouveau pour lire la nouvelle version.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="377" />
            <source>Connect to a source first.</source>
            <translation>Connectez-vous d'abord à une source.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="285" />
            <source>Connected to {name}: {size} read for the header and index.</source>
            <translation>Connecté à {name} : {size} lus pour l'en-tête et l'index.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="263" />
            <source>Connecting to {name}…</source>
            <translation>Connexion à {name}…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="68" />
            <source>Could not start {python}.</source>
            <translation>Impossible de lancer {python}.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="480" />
            <source>Data type</source>
            <translation>Type de données</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="172" />
            <source>Debian/Ubuntu: {command}</source>
            <translation>Debian/Ubuntu : {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="199" />
            <source>Details…</source>
            <translation>Détails…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="244" />
            <source>Enter a URL or choose a file first.</source>
            <translation>Saisissez d'abord une URL ou choisissez un fichier.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="485" />
            <source>Extent</source>
            <translation>Emprise</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="75" />
            <source>FLAC (alternative binding)</source>
            <translation>FLAC (liaison alternative)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/provider.py" line="18" />
            <source>FLAC Raster</source>
            <translation>FLAC Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/provider.py" line="21" />
            <source>FLAC Raster (lossless FLAC rasters and HTTP range streaming)</source>
            <translation>FLAC Raster (rasters FLAC sans perte et diffusion par requêtes HTTP Range)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/plugin.py" line="49" />
            <source>FLAC Raster could not load: {error}</source>
            <translation>FLAC Raster n’a pas pu se charger : {error}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="91" />
            <source>FLAC Raster dependencies</source>
            <translation>Dépendances de FLAC Raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="215" />
            <source>FLAC Raster needs the Python package(s) {names}, missing from the Python that runs QGIS.</source>
            <translation>FLAC Raster a besoin du ou des paquets Python {names}, absents du Python qui exécute QGIS.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="109" />
            <source>FLAC Raster: connecting to {name}</source>
            <translation>FLAC Raster : connexion à {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="161" />
            <source>FLAC Raster: fetching {name}</source>
            <translation>FLAC Raster : téléchargement des tuiles de {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="19" />
            <source>FLAC compression level, 0 (fastest) to 8 (smallest). Every level is lossless; higher levels only trade time for size.</source>
            <translation>Niveau de compression FLAC, de 0 (le plus rapide) à 8 (le plus compact). Tous les niveaux sont sans perte ; les niveaux élevés ne font que prendre plus de temps pour un fichier plus petit.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="74" />
            <source>FLAC encoding and decoding</source>
            <translation>Encodage et décodage FLAC</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="78" />
            <source>FLAC metadata tags</source>
            <translation>Étiquettes de métadonnées FLAC</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="20" />
            <source>FLAC raster (file or http(s) URL)</source>
            <translation>Raster FLAC (fichier ou URL http(s))</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/flac_to_raster.py" line="20" />
            <source>FLAC rasters (*.flac *.FLAC);;All files (*)</source>
            <translation>Rasters FLAC (*.flac *.FLAC);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="46" />
            <source>FLAC rasters (*.flac)</source>
            <translation>Rasters FLAC (*.flac)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="175" />
            <source>FLAC rasters (*.flac);;All files (*)</source>
            <translation>Rasters FLAC (*.flac);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/page_actions.py" line="31" />
            <source>Fetch the tiles of a FLAC raster under the map extent</source>
            <translation>Télécharger les tuiles d'un raster FLAC sous l'emprise de la carte</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="390" />
            <source>Fetching the tiles under the map…</source>
            <translation>Téléchargement des tuiles sous la carte…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="498" />
            <source>File size</source>
            <translation>Taille du fichier</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="477" />
            <source>Format</source>
            <translation>Format</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="418" />
            <source>GDAL could not open the decoded window {path}</source>
            <translation>GDAL n'a pas pu ouvrir la fenêtre décodée {path}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="81" />
            <source>HTTP range reads outside QGIS</source>
            <translation>Lectures HTTP Range hors de QGIS</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="192" />
            <source>If pip finds no wheel for {package} on this computer (Intel Macs, uncommon processors), install {tools}, then: {command}</source>
            <translation>Si pip ne trouve aucun paquet binaire (wheel) de {package} pour cet ordinateur (Mac Intel, processeurs peu courants), installez {tools}, puis : {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="142" />
            <source>Install Python packages</source>
            <translation>Installer des paquets Python</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="105" />
            <source>Install missing packages…</source>
            <translation>Installer les paquets manquants…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="142" />
            <source>Install {packages} into your QGIS profile with pip?

{command}</source>
            <translation>Installer {packages} dans votre profil QGIS avec pip ?

{command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="164" />
            <source>Installed. Restart QGIS if an algorithm still reports a missing package.</source>
            <translation>Installé. Redémarrez QGIS si un algorithme signale encore un paquet manquant.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="155" />
            <source>Installing with pip… (QGIS stays usable)</source>
            <translation>Installation avec pip… (QGIS reste utilisable)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="199" />
            <source>Install…</source>
            <translation>Installer…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="28" />
            <source>Interpolation lifting</source>
            <translation>Lifting par interpolation</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="428" />
            <source>Level {level}: {tiles} tile(s), {fetched} fetched in {requests} request(s) of a {size} file ({percent} %).</source>
            <translation>Niveau {level} : {tiles} tuile(s), {fetched} téléchargés en {requests} requête(s) sur un fichier de {size} ({percent} %).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="194" />
            <source>Missing Python package(s): {names}.</source>
            <translation>Paquet(s) Python manquant(s) : {names}.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="95" />
            <source>Needed for</source>
            <translation>Nécessaire pour</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="27" />
            <source>None</source>
            <translation>Aucun</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="85" />
            <source>Not a FLAC raster</source>
            <translation>Ce n'est pas un raster FLAC</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="257" />
            <source>Not found</source>
            <translation>Introuvable</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="284" />
            <source>Note</source>
            <translation>Remarque</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="253" />
            <source>Only http(s) URLs and local files are supported.</source>
            <translation>Seules les URL http(s) et les fichiers locaux sont pris en charge.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="175" />
            <source>Open a FLAC raster</source>
            <translation>Ouvrir un raster FLAC</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="495" />
            <source>Overview levels</source>
            <translation>Niveaux de pyramides</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="95" />
            <source>Package</source>
            <translation>Paquet</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="29" />
            <source>Predictor</source>
            <translation>Prédicteur</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="145" />
            <source>Property</source>
            <translation>Propriété</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="92" />
            <source>Reading failed</source>
            <translation>Échec de la lecture</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="28" />
            <source>Row difference</source>
            <translation>Différence entre lignes</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="54" />
            <source>Running: {command}</source>
            <translation>Exécution : {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="478" />
            <source>Size</source>
            <translation>Taille</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="131" />
            <source>Some packages are missing; the FLAC Raster algorithms cannot run until they are installed.</source>
            <translation>Des paquets manquent ; les algorithmes de FLAC Raster ne peuvent pas s'exécuter tant qu'ils ne sont pas installés.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="95" />
            <source>Status</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/page_actions.py" line="28" />
            <source>Stream a FLAC Raster…</source>
            <translation>Diffuser un raster FLAC…</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="50" />
            <source>Stream lossless FLAC rasters from a URL or a file, tile by tile</source>
            <translation>Diffuser des rasters FLAC sans perte depuis une URL ou un fichier, tuile par tuile</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/processing/algorithms/raster_to_flac.py" line="48" />
            <source>The .flac file to write. It appears only when complete: a failed or cancelled run leaves nothing behind.</source>
            <translation>Le fichier .flac à écrire. Il n'apparaît qu'une fois terminé : une exécution échouée ou annulée ne laisse rien derrière elle.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="45" />
            <source>The Python interpreter that runs QGIS was not found; install the packages by hand.</source>
            <translation>L'interpréteur Python qui exécute QGIS est introuvable ; installez les paquets manuellement.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/tasks.py" line="175" />
            <source>The extent covers {width} x {height} pixels at level {level}, too many to load at once: zoom in, or untick 'Full resolution'</source>
            <translation>L'emprise couvre {width} x {height} pixels au niveau {level}, trop pour un seul chargement : zoomez, ou décochez « Pleine résolution »</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="69" />
            <source>The file changed on the server</source>
            <translation>Le fichier a changé sur le serveur</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="359" />
            <source>The map extent cannot be transformed to the raster's CRS ({crs}): {error}</source>
            <translation>L'emprise de la carte ne peut pas être transformée dans le SCR du raster ({crs}) : {error}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="87" />
            <source>The map extent does not cover the raster</source>
            <translation>L'emprise de la carte ne recouvre pas le raster</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="363" />
            <source>The map extent is empty</source>
            <translation>L'emprise de la carte est vide</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/plugin.py" line="54" />
            <source>The plugin could not load ({error}); details are in the log messages panel.</source>
            <translation>L’extension n’a pas pu se charger ({error}) ; les détails sont dans le panneau Journal des messages.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="80" />
            <source>The server did not answer in time</source>
            <translation>Le serveur n'a pas répondu à temps</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="67" />
            <source>The server does not support range requests</source>
            <translation>Le serveur ne prend pas en charge les requêtes Range</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="257" />
            <source>There is no file at {path}</source>
            <translation>Il n'y a pas de fichier à l'emplacement {path}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="348" />
            <source>There is no map canvas to take the extent from</source>
            <translation>Aucun canevas de carte d'où prendre l'emprise</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="83" />
            <source>This file holds no pixels</source>
            <translation>Ce fichier ne contient aucun pixel</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="492" />
            <source>Tile grid</source>
            <translation>Grille de tuiles</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="145" />
            <source>Value</source>
            <translation>Valeur</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="184" />
            <source>With pip (any distribution, no root needed), in a terminal: {command}</source>
            <translation>Avec pip (toute distribution, sans droits root), dans un terminal : {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="181" />
            <source>With pip, in a Terminal: {command}</source>
            <translation>Avec pip, dans un Terminal : {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="178" />
            <source>With pip, in the OSGeo4W Shell (Start menu, QGIS folder): {command}</source>
            <translation>Avec pip, dans l'OSGeo4W Shell (menu Démarrer, dossier QGIS) : {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="80" />
            <source>arrays</source>
            <translation>tableaux</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="134" />
            <source>https://example.com/dem.flac or /path/to/dem.flac</source>
            <translation>https://example.com/mnt.flac ou /chemin/vers/mnt.flac</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="119" />
            <source>installed ({version})</source>
            <translation>installé ({version})</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="125" />
            <source>missing</source>
            <translation>manquant</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="495" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="121" />
            <source>not installed (optional)</source>
            <translation>non installé (facultatif)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="123" />
            <source>not installed (pyflac is used instead)</source>
            <translation>non installé (pyflac est utilisé à la place)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="492" />
            <source>not tiled (one block)</source>
            <translation>non tuilé (un seul bloc)</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="178" />
            <source>pip failed; its output is below.</source>
            <translation>pip a échoué ; sa sortie figure ci-dessous.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="167" />
            <source>pip finished, but some packages are still missing: see the commands above.</source>
            <translation>pip a terminé, mais des paquets manquent encore : voir les commandes ci-dessus.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="172" />
            <source>pip found no ready-made package (wheel) for this computer; the commands above say how to build it instead.</source>
            <translation>pip n’a trouvé aucun paquet prêt à l’emploi (wheel) pour cet ordinateur ; les commandes ci-dessus indiquent comment le compiler à la place.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="77" />
            <source>pyflac</source>
            <translation>pyflac</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="204" />
            <source>rasterio: install your distribution's python3-rasterio package.</source>
            <translation>rasterio : installez le paquet python3-rasterio de votre distribution.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="198" />
            <source>rasterio: run the OSGeo4W Setup (Advanced Install) and add the package python3-rasterio.</source>
            <translation>rasterio : lancez l'installateur OSGeo4W (installation avancée) et ajoutez le paquet python3-rasterio.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="201" />
            <source>rasterio: {command} (its wheels bring their own GDAL).</source>
            <translation>rasterio : {command} (ses wheels embarquent leur propre GDAL).</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/dependency_dialog.py" line="79" />
            <source>reading and writing rasters</source>
            <translation>lecture et écriture des rasters</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/layers.py" line="110" />
            <source>{name} tile footprints</source>
            <translation>Emprises des tuiles de {name}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/core/dependencies.py" line="206" />
            <source>{package}: it normally ships with QGIS; reinstall QGIS or run {command}</source>
            <translation>{package} : il est normalement fourni avec QGIS ; réinstallez QGIS ou lancez {command}</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="488" />
            <source>{tw} × {th} pixels, {across} × {down} tiles</source>
            <translation>{tw} × {th} pixels, {across} × {down} tuiles</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="478" />
            <source>{w} × {h} pixels</source>
            <translation>{w} × {h} pixels</translation>
        </message>
            <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="1" />
            <source>Added {name} as a live layer.</source>
            <translation>{name} ajouté comme couche dynamique.</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="1" />
            <source>The live layer cannot be opened</source>
            <translation>La couche dynamique ne peut pas être ouverte</translation>
        </message>
        <message>
            <location filename="../flac_raster_qgis/gui/source_select.py" line="1" />
            <source>{name} (level {level}) {xmin}, {ymin} : {xmax}, {ymax}</source>
            <translation>{name} (niveau {level}) {xmin}, {ymin} : {xmax}, {ymax}</translation>
        </message>
</context>
</TS>
