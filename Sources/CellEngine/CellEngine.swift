public enum CellEngineInfo {}
