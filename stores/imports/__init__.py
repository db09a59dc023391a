"""Other tools' exports read as ticket fields: recognising a format, one module per tool.

Opening a file (bounded) and writing tickets to the board stay in ``stores.board_io``;
here are the CSV table itself, the columns each tool writes and how a row's values
become ours.
"""
