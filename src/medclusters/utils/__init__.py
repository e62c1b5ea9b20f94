"""Small tools every part of the library uses, none of them about clusters.

Offers the rest: ``once`` (values built once, on first use, under one lock), ``gc`` (the cyclic
collector paused while many objects are built), ``text`` (the one folded form names and words
are compared in), ``files`` (writing files safely: never over one unless asked, never half
written), ``markdown`` (Markdown made from data, made inert), ``sql`` (SQL text from names: quoted
identifiers and literals) and ``version`` (the library's).
"""
