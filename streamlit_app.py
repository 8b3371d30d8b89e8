"""The incident map: ``streamlit run streamlit_app.py [-- --db PATH]``."""

from mapapp.ui import main

main()
