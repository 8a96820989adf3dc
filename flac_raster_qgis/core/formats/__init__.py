"""formats/: the files a FLAC raster can be, and reading them through one interface.

Format detection (detect.py: ``open_flac``), the reader interface every format implements
(reader_base.py), the plain format (plain.py, plain_reader.py), the streaming container
(container.py: header and index; container_reader.py, container_writer.py), read plans
(read_plan.py), bounded parsing of untrusted JSON and FLAC metadata blocks (safejson.py,
flac_blocks.py), and flac-raster 0.1.x files (legacy/).
"""
