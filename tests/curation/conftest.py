"""Pages written for these tests: one of each kind, and each way a file can be bad."""

import pytest

LETTER = """Home » Europe » A letter to the minister about the river

A letter to the minister about the river

Dear Minister Ånna Kowalská,

I write to you as a fisherman from the lower valley. The river has changed since the dam was built.

Our village has asked the water board three times for the survey, and nobody has answered.

Yours sincerely,
Tomás Ferreira
Lisbon, 3 March 2019

You may also like

Leave a Comment
"""

OPEN_LETTER = """Open letter on the closure of the northern clinics

Open Letter to Governor Maria Lindqvist and Mayor Peter Okafor on the closure of the clinics

On 12 February 2021 the northern clinics were closed without notice. Families now travel three hours for care.

We ask you to reopen them and to publish the report that was used to justify the closure.

Yours faithfully,
Helen Brandt
Rural Health Network
Sweden
"""

CABLE = """SUBJECT: FISHING QUOTAS IN THE NORTHERN SEA

CONFIDENTIAL

1. (C) SUMMARY: Talks on the quotas stalled this week after the delegation left the table. END SUMMARY.

2. (C) The delegation said it would return once the new survey is published.

3. (U) COMMENT: Agreement before the season opens is unlikely.
"""

ARTICLE = """Harbour festival draws record crowds

Harbour festival draws record crowds

Thousands of visitors came to the harbour on Saturday for the annual festival, the organisers said.

The mayor opened the festival with a speech about the town's fishing history.

Related posts

Another festival story
"""

COMPILATION = """Collected reports from the valley

.
... Flooding closed the bridge on Monday and the school was evacuated as a precaution by the fire brigade ...
Bridge closed by flooding
Flooding closed the bridge on Monday and the school was evacuated as a precaution by the fire brigade.
Farmers count losses after the storm
.
... Farmers in the lower valley say the storm destroyed half of the harvest in a single night of rain ...
Farmers in the lower valley say the storm destroyed half of the harvest in a single night of rain.
Council meets on repairs
.
... The council met on Thursday to agree a plan for the repairs to the bridge and the school roof ...
The council met on Thursday to agree a plan for the repairs to the bridge and the school roof.
"""

HTML = """<!doctype html><html><head><title>Statement on the harbour</title></head>
<body><nav>Home › News</nav><h1>Statement on the harbour</h1>
<p>The harbour authority said on Monday that the pier will reopen in May.</p>
<p>Repairs cost more than expected.</p><footer>Leave a Comment</footer></body></html>"""


@pytest.fixture
def pages(tmp_path):
    """A folder with one page of each kind, and a writer for more."""

    def write(name, content):
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    for name, content in [("letter.txt", LETTER), ("open-letter.txt", OPEN_LETTER), ("cable.txt", CABLE),
                          ("article.txt", ARTICLE), ("compilation.txt", COMPILATION), ("statement.html", HTML)]:
        write(name, content)
    write.folder = tmp_path
    return write
