"""One walk through a StreamField's blocks, for whatever reads their values.

Used by the pictures a page shows (``home/images.py``) and the words a reader
reads (``home/governance/readability.py``): each takes the leaves it wants.
"""

from wagtail import blocks


def leaves(block, value, parent=None):
    """(block, value, parent block) for every block under `block` that holds no
    other blocks, walked through the block definitions: StreamBlocks,
    ListBlocks and StructBlocks are entered, in order. `parent` is the block
    that directly holds the leaf (None for `block` itself)."""
    if value is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for child in value:
            yield from leaves(child.block, child.value, block)
    elif isinstance(block, blocks.ListBlock):
        for item in value:
            yield from leaves(block.child_block, item, block)
    elif isinstance(block, blocks.StructBlock) and isinstance(value, blocks.StructValue):
        # (Wagtail's ImageBlock is a StructBlock whose value is the image: a leaf.)
        for name, child_block in block.child_blocks.items():
            yield from leaves(child_block, value.get(name), block)
    else:
        yield block, value, parent
