"""Moderating contributions in the Wagtail admin: who sees which submissions
(``selectors``), the forms behind the workflow actions (``forms``), the edit
form's panels (``panels``), the admin views for pictures and safeguarding
records (``views``), and the groups' permissions (``roles``)."""
